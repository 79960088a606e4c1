package io.cloudpickle.spring.http;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request body in {@code application/x-cloudpickle} that the server refuses: 400 (unreadable, truncated or refused
 * payload, or a root object of the wrong type), 403 (reading pickled bodies is not enabled) or 413 (over the size
 * limit). It is an {@link ErrorResponseException}, so it renders as a short RFC 9457 problem detail, through
 * {@link CloudPickleExceptionHandler} or any {@code ResponseEntityExceptionHandler} of the application.
 */
public class CloudPickleBodyException extends ErrorResponseException {

	private static final long serialVersionUID = 1L;

	/** Problem type of every cloudpickle body error. */
	public static final URI TYPE = URI.create("https://cloudpickle.io/problems/body");

	/** Longest detail text; engine messages can be long (a path through the object graph). */
	private static final int MAX_DETAIL = 300;

	private CloudPickleBodyException(HttpStatus status, String title, String detail, @Nullable Throwable cause) {
		super(status, problem(status, title, detail), cause);
	}

	/** 400: the payload cannot be loaded (corrupt, truncated, refused by a limit or filter, wrong root type). */
	public static CloudPickleBodyException unreadable(String detail, @Nullable Throwable cause) {
		return new CloudPickleBodyException(HttpStatus.BAD_REQUEST, "Unreadable cloudpickle payload", detail, cause);
	}

	/** 413: the payload is larger than the limit. */
	public static CloudPickleBodyException tooLarge(long limit) {
		return new CloudPickleBodyException(HttpStatus.CONTENT_TOO_LARGE, "cloudpickle payload too large",
				"payload exceeds the limit of " + limit + " bytes", null);
	}

	/** 403: reading pickled request bodies is disabled. */
	public static CloudPickleBodyException readingDisabled() {
		return new CloudPickleBodyException(HttpStatus.FORBIDDEN, "cloudpickle request bodies are not accepted",
				"this server does not load unsigned application/x-cloudpickle payloads "
						+ "(cloudpickle.security.allow-unsigned=false)",
				null);
	}

	private static ProblemDetail problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, shorten(detail));
		problem.setTitle(title);
		problem.setType(TYPE);
		return problem;
	}

	private static String shorten(String text) {
		String oneLine = text.replaceAll("\\s+", " ").strip();
		return (oneLine.length() <= MAX_DETAIL) ? oneLine : oneLine.substring(0, MAX_DETAIL - 1) + "…";
	}

	@Override
	public String getMessage() {
		return getStatusCode().value() + " " + getBody().getTitle() + ": " + getBody().getDetail();
	}

}
