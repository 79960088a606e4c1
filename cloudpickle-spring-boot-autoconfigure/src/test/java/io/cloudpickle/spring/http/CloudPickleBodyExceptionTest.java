package io.cloudpickle.spring.http;

import io.cloudpickle.PickleException;
import io.cloudpickle.PrintableText;
import io.cloudpickle.security.PayloadSignatureException;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The problem details of refused bodies are logged and sent back, and the engine's
 * messages can quote names read from the payload (found by ComputeServerLoadAndFaultTest:
 * a signed payload with a garbage class table made the server log "shipped bytes for "
 * followed by raw control bytes).
 */
class CloudPickleBodyExceptionTest {

	@Test
	void controlAndInvisibleCharactersFromThePayloadAreEscapedInTheDetailAndTheMessage() {
		String name = "a\u0000b\u001b[31mred\u0007\u202Eevil\u200B\u2028x\uE000\uD800";
		CloudPickleBodyException ex = CloudPickleBodyException
			.refused(new PickleException("shipped bytes for " + name + " are not a class file"));
		assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(ex.getBody().getDetail()).isEqualTo("shipped bytes for a\\u0000b\\u001B[31mred\\u0007\\u202Eevil"
				+ "\\u200B\\u2028x\\uE000\\uD800 are not a class file");
		assertThat(ex.getMessage()).endsWith(ex.getBody().getDetail())
			.doesNotMatch("(?s).*[\\p{Cc}\\p{Cf}\\p{Co}\\p{Cs}\\p{Zl}\\p{Zp}].*");
	}

	@Test
	void lineBreaksAndRunsOfWhitespaceBecomeOneSpace() {
		CloudPickleBodyException ex = CloudPickleBodyException
			.refused(new PickleException("line one\r\nINFO forged line\n\tthree  words"));
		assertThat(ex.getBody().getDetail()).isEqualTo("line one INFO forged line three words");
	}

	@Test
	void printableTextIsKeptAsItIsIncludingSupplementaryCharacters() {
		String text = "Région € 😀 com.example.Émoji$1 (U+FFFD: \uFFFD)";
		assertThat(PrintableText.escape(text)).isSameAs(text);
		assertThat(CloudPickleBodyException.shorten(text)).isEqualTo(text);
	}

	@Test
	void aLongDetailIsCutWithoutSplittingASurrogatePair() {
		String detail = CloudPickleBodyException.shorten("x".repeat(298) + "😀" + "y".repeat(10));
		assertThat(detail).hasSize(299).endsWith("x…");
		assertThat(CloudPickleBodyException.shorten("x".repeat(297) + "😀" + "y".repeat(10))).endsWith("x😀…");
	}

	@Test
	void signatureFailuresKeepTheirStatus() {
		assertThat(CloudPickleBodyException
			.refused(new PayloadSignatureException(PayloadSignatureException.Reason.UNSIGNED,
					"payload is not signed, and this receiver requires signed payloads"))
			.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(CloudPickleBodyException
			.refused(new PayloadSignatureException(PayloadSignatureException.Reason.INVALID,
					"payload signature is invalid (key id 'k\u0000', HMAC-SHA256)"))
			.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
	}

}
