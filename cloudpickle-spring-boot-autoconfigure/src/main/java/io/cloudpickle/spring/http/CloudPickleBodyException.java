package io.cloudpickle.spring.http;

import java.net.URI;

import io.cloudpickle.ClassRefusedException;
import io.cloudpickle.PickleException;
import io.cloudpickle.PickleLimitException;
import io.cloudpickle.security.PayloadSignatureException;
import io.cloudpickle.spring.PickleLimitProperty;

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
 * a class refused by the class gates) or 413 (over the size limit). It is an
 * {@link ErrorResponseException}, so it renders as a short RFC 9457 problem detail,
 * through {@link CloudPickleExceptionHandler} or any
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
		if (ex instanceof ClassRefusedException) {
			return new CloudPickleBodyException(HttpStatus.FORBIDDEN, "cloudpickle payload class refused", detail, ex);
		}
		if (ex instanceof PickleLimitException limit) {
			PickleLimitProperty known = PickleLimitProperty.ofLimit(limit.limit());
			String property = (known != null) ? known.property() : "cloudpickle.limits";
			HttpStatus status = (known == PickleLimitProperty.MAX_PAYLOAD_SIZE) ? HttpStatus.CONTENT_TOO_LARGE
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
		return tooLarge(limit, PickleLimitProperty.MAX_PAYLOAD_SIZE.property());
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
	 * {@linkplain #printable(String) unprintable characters escaped}: the detail is
	 * logged and sent back, and engine messages can quote names read from the payload.
	 */
	static String shorten(String text) {
		String oneLine = printable(text.replaceAll("\\s+", " ").strip());
		if (oneLine.length() <= MAX_DETAIL) {
			return oneLine;
		}
		int end = MAX_DETAIL - 1;
		if (Character.isHighSurrogate(oneLine.charAt(end - 1))) {
			end--;
		}
		return oneLine.substring(0, end) + "…";
	}

	/**
	 * {@code text} with every character that could forge or garble a log line or a
	 * terminal written as <code>&#92;uXXXX</code>: control characters (NUL, ESC of ANSI
	 * escape sequences, ...), line and paragraph separators, invisible formatting
	 * characters (bidirectional overrides, zero-width characters), private-use,
	 * unassigned and unpaired surrogate code units. Engine messages quote class names
	 * read from the payload, which a corrupt or hostile payload can fill with any of
	 * these.
	 */
	static String printable(String text) {
		StringBuilder out = null;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
					&& Character.isLowSurrogate(text.charAt(i + 1));
			if (paired) {
				if (out != null) {
					out.append(c).append(text.charAt(i + 1));
				}
				i++;
				continue;
			}
			if (isUnsafe(c)) {
				if (out == null) {
					out = new StringBuilder(text.length() + 16).append(text, 0, i);
				}
				out.append(String.format("\\u%04X", (int) c));
			}
			else if (out != null) {
				out.append(c);
			}
		}
		return (out != null) ? out.toString() : text;
	}

	private static boolean isUnsafe(char c) {
		switch (Character.getType(c)) {
			case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
					Character.PRIVATE_USE, Character.UNASSIGNED, Character.SURROGATE:
				return true;
			default:
				return false;
		}
	}

	@Override
	public String getMessage() {
		return getStatusCode().value() + " " + getBody().getTitle() + ": " + getBody().getDetail();
	}

}
