package io.cloudpickle.spring.http;

import java.net.URI;

import io.cloudpickle.ClassRefusedException;
import io.cloudpickle.ClassesMissingException;
import io.cloudpickle.PickleException;
import io.cloudpickle.PickleLimit;
import io.cloudpickle.PickleLimitException;
import io.cloudpickle.PrintableText;
import io.cloudpickle.security.PayloadSignatureException;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request body in {@code application/x-cloudpickle} that the server refuses: 400
 * (unreadable or truncated payload, a limit exceeded, or a root object of the wrong
 * type), 401 (unsigned, where signatures are required), 403 (reading pickled bodies is
 * not enabled; a signature that does not verify, an unknown key id, an expired signature;
 * a class refused by the class gates), 409 (the payload names shipped classes by hash
 * that this server does not hold, see {@link ClassPeers}) or 413 (over the size limit).
 * It is an {@link ErrorResponseException}, so it renders as a short RFC 9457 problem
 * detail, through {@link CloudPickleExceptionHandler} or any
 * {@code ResponseEntityExceptionHandler} of the application.
 */
public class CloudPickleBodyException extends ErrorResponseException {

	private static final long serialVersionUID = 1L;

	/** Problem type of every cloudpickle body error. */
	public static final URI TYPE = URI.create("https://cloudpickle.io/problems/body");

	/**
	 * Longest detail text; engine messages can be long (a path through the object graph).
	 */
	private static final int MAX_DETAIL = 300;

	private CloudPickleBodyException(HttpStatus status, String title, String detail, @Nullable Throwable cause) {
		super(status, problem(status, title, detail), cause);
	}

	/**
	 * 400: the payload cannot be loaded (corrupt, truncated, refused by a limit or
	 * filter, wrong root type).
	 */
	public static CloudPickleBodyException unreadable(String detail, @Nullable Throwable cause) {
		return new CloudPickleBodyException(HttpStatus.BAD_REQUEST, "Unreadable cloudpickle payload", detail, cause);
	}

	/**
	 * The answer to a payload the pickler refused: 401 if it is unsigned where signatures
	 * are required, 403 for any other signature failure
	 * ({@link PayloadSignatureException}) or a class refused by the class gates
	 * ({@link ClassRefusedException}), 413 over the payload size limit, else 400. A
	 * refusal by a limit names the {@code cloudpickle.limits.*} property that raises it,
	 * in the detail and as the problem's {@code property}.
	 */
	public static CloudPickleBodyException refused(PickleException ex) {
		String detail = String.valueOf(ex.getMessage());
		if (ex instanceof PayloadSignatureException signature) {
			if (signature.reason() == PayloadSignatureException.Reason.UNSIGNED) {
				CloudPickleBodyException unsigned = new CloudPickleBodyException(HttpStatus.UNAUTHORIZED,
						"Unsigned cloudpickle payload",
						detail + "; clients sign with cloudpickle.security.signing-key-id "
								+ "and the key in cloudpickle.security.hmac.keys.<id> (or ed25519.private-key)",
						ex);
				unsigned.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "CloudPickle-Signature");
				return unsigned;
			}
			return new CloudPickleBodyException(HttpStatus.FORBIDDEN, "cloudpickle payload signature refused", detail,
					ex);
		}
		if (ex instanceof ClassesMissingException missing) {
			CloudPickleBodyException conflict = new CloudPickleBodyException(HttpStatus.CONFLICT,
					"cloudpickle payload names classes this server does not hold",
					detail + " (the starter's clients do so once, transparently)", ex);
			conflict.getHeaders().set(ClassPeers.MISSING_HEADER, ClassPeers.missing(missing));
			conflict.getBody()
				.setProperty("missingClasses",
						missing.missing().stream().map(ClassesMissingException.MissingClass::sha256).toList());
			return conflict;
		}
		if (ex instanceof ClassRefusedException) {
			return new CloudPickleBodyException(HttpStatus.FORBIDDEN, "cloudpickle payload class refused", detail, ex);
		}
		if (ex instanceof PickleLimitException limit) {
			String property = limit.limit().springProperty();
			HttpStatus status = (limit.limit() == PickleLimit.MAX_PAYLOAD_BYTES) ? HttpStatus.CONTENT_TOO_LARGE
					: HttpStatus.BAD_REQUEST;
			CloudPickleBodyException over = new CloudPickleBodyException(status, "cloudpickle payload over a limit",
					"over " + property + ": " + detail, ex);
			over.getBody().setProperty("property", property);
			return over;
		}
		return unreadable(detail, ex);
	}

	/** 413: the payload is larger than {@code cloudpickle.limits.max-payload-size}. */
	public static CloudPickleBodyException tooLarge(long limit) {
		return tooLarge(limit, PickleLimit.MAX_PAYLOAD_BYTES.springProperty());
	}

	/** 413: the payload is larger than the limit that {@code property} sets. */
	public static CloudPickleBodyException tooLarge(long limit, String property) {
		CloudPickleBodyException tooLarge = new CloudPickleBodyException(HttpStatus.CONTENT_TOO_LARGE,
				"cloudpickle payload too large",
				"over " + property + ": payload exceeds the limit of " + limit + " bytes", null);
		tooLarge.getBody().setProperty("property", property);
		return tooLarge;
	}

	/** 403: reading pickled request bodies is disabled. */
	public static CloudPickleBodyException readingDisabled() {
		return new CloudPickleBodyException(HttpStatus.FORBIDDEN, "cloudpickle request bodies are not accepted",
				"this server does not load application/x-cloudpickle payloads: no verification keys are configured "
						+ "(cloudpickle.security.hmac.keys, cloudpickle.security.ed25519.public-keys) and "
						+ "cloudpickle.security.allow-unsigned=false",
				null);
	}

	private static ProblemDetail problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, shorten(detail));
		problem.setTitle(title);
		problem.setType(TYPE);
		return problem;
	}

	/**
	 * One line of at most {@value #MAX_DETAIL} characters, with
	 * {@linkplain PrintableText#escape(String) unprintable characters escaped}: the
	 * detail is logged and sent back, and engine messages can quote names read from the
	 * payload.
	 */
	static String shorten(String text) {
		String oneLine = PrintableText.escape(text.replaceAll("\\s+", " ").strip());
		if (oneLine.length() <= MAX_DETAIL) {
			return oneLine;
		}
		int end = MAX_DETAIL - 1;
		if (Character.isHighSurrogate(oneLine.charAt(end - 1))) {
			end--;
		}
		return oneLine.substring(0, end) + "…";
	}

	@Override
	public String getMessage() {
		return getStatusCode().value() + " " + getBody().getTitle() + ": " + getBody().getDetail();
	}

}
