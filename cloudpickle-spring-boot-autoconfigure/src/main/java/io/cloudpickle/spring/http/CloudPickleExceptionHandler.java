package io.cloudpickle.spring.http;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Renders {@link CloudPickleBodyException}s (from Spring MVC or WebFlux) as a short
 * problem detail with the exception's status, and logs one line per refused request,
 * without a stack trace.
 *
 * <p>
 * Registered by the auto-configuration unless the application declares a bean of this
 * type. Ordered early so that a catch-all {@code @ExceptionHandler(Exception.class)} of
 * the application does not turn a bad body into a 500; an application that wants its own
 * rendering can declare a handler for {@link CloudPickleBodyException} (or
 * {@code ErrorResponseException}) in an advice with higher precedence.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
public class CloudPickleExceptionHandler {

	private static final Log logger = LogFactory.getLog(CloudPickleExceptionHandler.class);

	@ExceptionHandler(CloudPickleBodyException.class)
	public ResponseEntity<ProblemDetail> handle(CloudPickleBodyException ex) {
		if (logger.isWarnEnabled()) {
			logger.warn("Refused an application/x-cloudpickle request body: " + ex.getMessage());
		}
		return ResponseEntity.status(ex.getStatusCode())
			.headers(ex.getHeaders())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(ex.getBody());
	}

}
