package io.cloudpickle.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.cloudpickle.security.PayloadSignatureException.Reason;

/**
 * What {@link HttpRequestSigner} and {@link HttpRequestVerifier} share: the signature
 * base of RFC 9421 (HTTP Message Signatures) section 2.5, the {@code Content-Digest}
 * field of RFC 9530, and the subset of RFC 8941 structured fields these headers use (a
 * dictionary of one inner list of strings with integer and string parameters, and byte
 * sequences).
 */
final class HttpSignatureFields {

	/**
	 * The label of cloudpickle's signature in {@code Signature-Input} and
	 * {@code Signature}.
	 */
	static final String LABEL = "cloudpickle";

	static final String SIGNATURE_INPUT = "signature-input";

	static final String SIGNATURE = "signature";

	static final String CONTENT_DIGEST = "content-digest";

	static final String CONTENT_TYPE = "content-type";

	/** Longest header value parsed; a signature input is a few hundred characters. */
	private static final int MAX_FIELD_LENGTH = 8192;

	private HttpSignatureFields() {
	}

	/** The RFC 9421 algorithm name of a key's algorithm. */
	static String algorithmName(SignatureAlgorithm algorithm) {
		return (algorithm == SignatureAlgorithm.HMAC_SHA256) ? "hmac-sha256" : "ed25519";
	}

	static SignatureAlgorithm algorithm(String name) {
		return switch (name) {
			case "hmac-sha256" -> SignatureAlgorithm.HMAC_SHA256;
			case "ed25519" -> SignatureAlgorithm.ED25519;
			default -> throw refused(Reason.UNKNOWN_ALGORITHM, "the request signature names an unknown algorithm");
		};
	}

	/** {@code sha-256=:<base64>:} of {@code body} (RFC 9530). */
	static String contentDigest(byte[] body) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
			return "sha-256=:" + Base64.getEncoder().encodeToString(hash) + ":";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	/**
	 * The value of a covered component: derived components ({@code @method},
	 * {@code @path}, {@code @query}) from the request line, fields from the headers
	 * (values trimmed and joined with {@code ", "}); null if the header is absent.
	 */
	static String componentValue(SignableRequest request, String component) {
		switch (component) {
			case "@method":
				return request.method().toUpperCase(Locale.ROOT);
			case "@path":
				return request.path().isEmpty() ? "/" : request.path();
			case "@query":
				String query = request.rawQuery();
				return "?" + ((query != null) ? query : "");
			default:
				List<String> values = request.headerValues(component);
				if (values.isEmpty()) {
					return null;
				}
				List<String> trimmed = new ArrayList<>(values.size());
				for (String value : values) {
					trimmed.add(value.strip());
				}
				return String.join(", ", trimmed);
		}
	}

	/**
	 * The signature base (RFC 9421 section 2.5): one line per covered component, then the
	 * {@code @signature-params} line.
	 * @throws PayloadSignatureException if a covered header is absent
	 */
	static byte[] signatureBase(SignableRequest request, SignatureParams params) {
		StringBuilder base = new StringBuilder(256);
		for (String component : params.components()) {
			String value = componentValue(request, component);
			if (value == null) {
				throw refused(Reason.INVALID,
						"the request signature covers the header " + component + ", which the request lacks");
			}
			base.append('"').append(component).append("\": ").append(value).append('\n');
		}
		base.append("\"@signature-params\": ").append(params.serialize());
		return base.toString().getBytes(StandardCharsets.UTF_8);
	}

	static String byteSequence(byte[] bytes) {
		return ":" + Base64.getEncoder().encodeToString(bytes) + ":";
	}

	/**
	 * The covered components and parameters of one signature: the inner list with its
	 * parameters, serialized as RFC 8941 does (parameters in their given order).
	 */
	record SignatureParams(List<String> components, Map<String, Object> parameters) {

		String serialize() {
			StringBuilder out = new StringBuilder("(");
			for (int i = 0; i < this.components.size(); i++) {
				out.append((i > 0) ? " " : "").append('"').append(this.components.get(i)).append('"');
			}
			out.append(')');
			this.parameters.forEach((key, value) -> {
				out.append(';').append(key).append('=');
				if (value instanceof Long number) {
					out.append(number);
				}
				else {
					out.append('"').append(value).append('"');
				}
			});
			return out.toString();
		}

		String string(String key) {
			Object value = this.parameters.get(key);
			if (!(value instanceof String text)) {
				throw refused(Reason.MALFORMED, "the request signature lacks the string parameter " + key);
			}
			return text;
		}

		long number(String key) {
			Object value = this.parameters.get(key);
			if (!(value instanceof Long number)) {
				throw refused(Reason.MALFORMED, "the request signature lacks the integer parameter " + key);
			}
			return number;
		}

	}

	/**
	 * The {@value #LABEL} member of a {@code Signature-Input} dictionary, or null if it
	 * has none.
	 * @throws PayloadSignatureException if the field is not a well-formed dictionary of
	 * inner lists
	 */
	static SignatureParams parseSignatureInput(String field) {
		Parser parser = new Parser(field);
		SignatureParams found = null;
		while (true) {
			parser.skipSpaces();
			String label = parser.key();
			parser.expect('=');
			parser.expect('(');
			List<String> components = new ArrayList<>();
			while (true) {
				parser.skipSpaces();
				if (parser.peek() == ')') {
					parser.next();
					break;
				}
				components.add(parser.string());
			}
			Map<String, Object> parameters = parser.parameters();
			if (LABEL.equals(label)) {
				found = new SignatureParams(List.copyOf(components), parameters);
			}
			if (!parser.nextMember()) {
				return found;
			}
		}
	}

	/**
	 * The {@value #LABEL} member of a {@code Signature} dictionary, or null if it has
	 * none.
	 */
	static byte[] parseSignature(String field) {
		Parser parser = new Parser(field);
		byte[] found = null;
		while (true) {
			parser.skipSpaces();
			String label = parser.key();
			parser.expect('=');
			byte[] bytes = parser.byteSequence();
			parser.parameters();
			if (LABEL.equals(label)) {
				found = bytes;
			}
			if (!parser.nextMember()) {
				return found;
			}
		}
	}

	static PayloadSignatureException refused(Reason reason, String message) {
		return new PayloadSignatureException(reason, message);
	}

	/** A strict reader of the RFC 8941 subset above; never echoes the input. */
	private static final class Parser {

		private final String text;

		private int pos;

		Parser(String text) {
			if (text.length() > MAX_FIELD_LENGTH) {
				throw malformed();
			}
			this.text = text;
		}

		int peek() {
			return (this.pos < this.text.length()) ? this.text.charAt(this.pos) : -1;
		}

		char next() {
			if (this.pos >= this.text.length()) {
				throw malformed();
			}
			return this.text.charAt(this.pos++);
		}

		void expect(char c) {
			if (next() != c) {
				throw malformed();
			}
		}

		void skipSpaces() {
			while (peek() == ' ' || peek() == '\t') {
				this.pos++;
			}
		}

		String key() {
			int start = this.pos;
			int c = peek();
			if (!((c >= 'a' && c <= 'z') || c == '*')) {
				throw malformed();
			}
			while ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == '*') {
				this.pos++;
				c = peek();
			}
			return this.text.substring(start, this.pos);
		}

		String string() {
			expect('"');
			StringBuilder out = new StringBuilder();
			while (true) {
				char c = next();
				if (c == '"') {
					return out.toString();
				}
				if (c == '\\') {
					c = next();
					if (c != '"' && c != '\\') {
						throw malformed();
					}
				}
				else if (c < 0x20 || c > 0x7e) {
					throw malformed();
				}
				out.append(c);
			}
		}

		byte[] byteSequence() {
			expect(':');
			int end = this.text.indexOf(':', this.pos);
			if (end < 0) {
				throw malformed();
			}
			try {
				byte[] bytes = Base64.getDecoder().decode(this.text.substring(this.pos, end));
				this.pos = end + 1;
				return bytes;
			}
			catch (IllegalArgumentException ex) {
				throw malformed();
			}
		}

		Map<String, Object> parameters() {
			Map<String, Object> parameters = new LinkedHashMap<>();
			while (peek() == ';') {
				this.pos++;
				skipSpaces();
				String key = key();
				Object value = Boolean.TRUE;
				if (peek() == '=') {
					this.pos++;
					int c = peek();
					if (c == '"') {
						value = string();
					}
					else if (c == '-' || (c >= '0' && c <= '9')) {
						value = integer();
					}
					else {
						value = key();
					}
				}
				if (parameters.put(key, value) != null) {
					throw malformed();
				}
			}
			return parameters;
		}

		Long integer() {
			int start = this.pos;
			if (peek() == '-') {
				this.pos++;
			}
			while (peek() >= '0' && peek() <= '9') {
				this.pos++;
			}
			String digits = this.text.substring(start, this.pos);
			if (digits.isEmpty() || digits.equals("-") || digits.length() > 16) {
				throw malformed();
			}
			return Long.parseLong(digits);
		}

		/** After a member: true if another follows (a comma), false at the end. */
		boolean nextMember() {
			skipSpaces();
			if (peek() == -1) {
				return false;
			}
			expect(',');
			skipSpaces();
			if (peek() == -1) {
				throw malformed();
			}
			return true;
		}

		private static PayloadSignatureException malformed() {
			return refused(Reason.MALFORMED, "the request's Signature or Signature-Input header is malformed");
		}

	}

}
