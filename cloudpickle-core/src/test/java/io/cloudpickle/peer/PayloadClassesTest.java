package io.cloudpickle.peer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.example.fixtures.byhash.Counting;
import io.cloudpickle.ClassesMissingException;
import io.cloudpickle.PayloadClasses;
import io.cloudpickle.PeerClasses;
import io.cloudpickle.PeerPayload;
import io.cloudpickle.PickleException;
import io.cloudpickle.PickleLimit;
import io.cloudpickle.PickleLimitException;
import io.cloudpickle.PickleLimits;
import io.cloudpickle.Pickler;
import io.cloudpickle.security.PayloadSignatureException;
import io.cloudpickle.security.PayloadSigner;
import io.cloudpickle.security.PayloadVerifier;
import io.cloudpickle.testing.PerClassRemoteJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A receiver that does not load payloads itself reads their shipped classes and expands
 * the classes named by hash from a store of class files: the expanded payload is, byte
 * for byte, the payload an unsigned sender would have made with the bytes, and a JVM that
 * never saw the classes loads it.
 */
class PayloadClassesTest {

	@RegisterExtension
	static final PerClassRemoteJvm child = new PerClassRemoteJvm();

	private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();

	private static final Pickler SIGNING = Pickler.builder()
		.useGlobalRegistry(false)
		.byValuePackages("com.example.fixtures")
		.signWith(PayloadSigner.hmacSha256("client-1", SECRET))
		.build();

	private static final Pickler UNSIGNED = Pickler.builder()
		.useGlobalRegistry(false)
		.byValuePackages("com.example.fixtures")
		.build();

	private static final List<String> WORDS = List.of("alpha", "beta", "gamma");

	@Test
	void aPayloadWithItsBytesListsTheClassesItCarriesAndExpandsToItself() {
		byte[] payload = SIGNING.dumps(Counting.totalLength(WORDS));
		PayloadClasses classes = PayloadClasses.read(payload, PickleLimits.network());
		assertThat(classes.keyId()).isEqualTo("client-1");
		assertThat(classes.namedByHash()).isEmpty();
		assertThat(classes.carried()).extracting(PayloadClasses.ClassFile::name)
			.contains("com.example.fixtures.byhash.Counting", "com.example.fixtures.byhash.Counting$Tally");
		assertThat(classes.carried()).allSatisfy((file) -> assertThat(file.bytes()).startsWith(0xCA, 0xFE, 0xBA, 0xBE));
		assertThat(classes.expand((name, sha) -> null)).isSameAs(payload);
	}

	@Test
	void classesNamedByHashGetTheirBytesBackAndAFreshJvmRunsTheExpandedPayload() {
		PeerClasses peer = new PeerClasses();
		PeerPayload first = SIGNING.dumpsFor(peer, Counting.totalLength(WORDS));
		Map<String, byte[]> store = new HashMap<>();
		for (PayloadClasses.ClassFile file : PayloadClasses.read(first.bytes(), PickleLimits.network()).carried()) {
			store.put(file.sha256(), file.bytes());
		}
		peer.confirm(first);

		PeerPayload byHash = SIGNING.dumpsFor(peer, Counting.count(WORDS));
		PayloadClasses classes = PayloadClasses.read(byHash.bytes(), PickleLimits.network());
		assertThat(classes.carried()).isEmpty();
		assertThat(classes.namedByHash()).extracting(ClassesMissingException.MissingClass::sha256)
			.containsExactlyElementsOf(byHash.referencedHashes());
		long classBytes = store.values().stream().mapToLong((bytes) -> bytes.length).sum();
		assertThat(byHash.bytes().length).isLessThan(first.bytes().length - (int) classBytes + 200);

		byte[] expanded = classes.expand((name, sha) -> store.get(sha));
		assertThat(expanded).as("what a sender without dumpsFor and without a signature makes")
			.isEqualTo(UNSIGNED.dumps(Counting.count(WORDS)));
		assertThat(PayloadClasses.read(expanded, PickleLimits.network()).keyId()).isNull();
		assertThat(child.call(expanded)).isEqualTo(3);
	}

	@Test
	void everyClassTheStoreLacksIsListedAndBytesOfAnotherClassDoNotPassForIt() {
		PeerClasses peer = new PeerClasses();
		PeerPayload first = SIGNING.dumpsFor(peer, Counting.totalLength(WORDS));
		peer.confirm(first);
		PayloadClasses classes = PayloadClasses.read(SIGNING.dumpsFor(peer, Counting.count(WORDS)).bytes(),
				PickleLimits.network());
		byte[] someClassFile = PayloadClasses.read(first.bytes(), PickleLimits.network()).carried().get(0).bytes();

		assertThatThrownBy(() -> classes.expand((name, sha) -> null))
			.isInstanceOfSatisfying(ClassesMissingException.class,
					(ex) -> assertThat(ex.missing()).containsExactlyElementsOf(classes.namedByHash()))
			.hasMessageContaining("com.example.fixtures.byhash.Counting$Tally");
		assertThatThrownBy(() -> classes.expand((name, sha) -> someClassFile)).isInstanceOfSatisfying(
				ClassesMissingException.class,
				(ex) -> assertThat(ex.missing()).hasSize(classes.namedByHash().size() - 1));
	}

	@Test
	void aCarriedClassFileThatDoesNotMatchItsHashIsCorrupt() {
		byte[] payload = UNSIGNED.dumps(Counting.totalLength(WORDS));
		PayloadClasses.ClassFile file = PayloadClasses.read(payload, PickleLimits.network()).carried().get(0);
		int at = indexOf(payload, file.bytes()) + file.bytes().length - 1;
		payload[at] ^= 1;
		assertThatThrownBy(() -> PayloadClasses.read(payload, PickleLimits.network()))
			.isExactlyInstanceOf(PickleException.class)
			.hasMessageContaining("do not match their SHA-256");
	}

	@Test
	void limitsApplyBeforeAnyClassFileIsKept() {
		byte[] payload = UNSIGNED.dumps(Counting.totalLength(WORDS));
		PickleLimits oneClass = PickleLimits.network().withMaxClasses(1);
		assertThatThrownBy(() -> PayloadClasses.read(payload, oneClass)).isInstanceOfSatisfying(
				PickleLimitException.class, (ex) -> assertThat(ex.limit()).isEqualTo(PickleLimit.MAX_CLASSES));
		assertThatThrownBy(() -> PayloadClasses.read(new byte[] { 'C', 'P', 'K', 'L' }, PickleLimits.network()))
			.isInstanceOf(PickleException.class)
			.hasMessageContaining("not a cloudpickle payload");
	}

	@Test
	void theExpandedPayloadIsUnsignedSoAReceiverThatRequiresSignaturesRefusesIt() {
		PeerClasses peer = new PeerClasses();
		PeerPayload first = SIGNING.dumpsFor(peer, Counting.totalLength(WORDS));
		Map<String, byte[]> store = new HashMap<>();
		PayloadClasses.read(first.bytes(), PickleLimits.network())
			.carried()
			.forEach((file) -> store.put(file.sha256(), file.bytes()));
		peer.confirm(first);
		byte[] expanded = PayloadClasses
			.read(SIGNING.dumpsFor(peer, Counting.count(WORDS)).bytes(), PickleLimits.network())
			.expand((name, sha) -> store.get(sha));
		Pickler verifying = Pickler.builder().verifyWith(PayloadVerifier.hmacSha256("client-1", SECRET)).build();
		assertThatThrownBy(() -> verifying.verify(expanded)).isInstanceOfSatisfying(PayloadSignatureException.class,
				(ex) -> assertThat(ex.reason()).isEqualTo(PayloadSignatureException.Reason.UNSIGNED));
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		throw new AssertionError("not found");
	}

}
