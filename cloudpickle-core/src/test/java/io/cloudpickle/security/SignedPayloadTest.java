package io.cloudpickle.security;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.cloudpickle.ClassFilter;
import io.cloudpickle.ClassSpace;
import io.cloudpickle.CloudPickle;
import io.cloudpickle.PayloadInfo;
import io.cloudpickle.PickleException;
import io.cloudpickle.Pickler;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Signed payloads: HMAC-SHA256 and Ed25519, key rotation, tampering, issued-at and
 * maximum age, determinism.
 */
class SignedPayloadTest {

	private static final byte[] SECRET_1 = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] SECRET_0 = "an older secret, still accepted.".getBytes(StandardCharsets.US_ASCII);

	private static final Object VALUE = List.of("signed", 42, Map.of("k", 1.5));

	private static final int FLAGS_OFFSET = 5;

	private static Pickler signer(PayloadSigner signer) {
		return Pickler.builder().returnOwnClasses(false).useGlobalRegistry(false).signWith(signer).build();
	}

	private static Pickler verifier(PayloadVerifier verifier) {
		return Pickler.builder().returnOwnClasses(false).useGlobalRegistry(false).verifyWith(verifier).build();
	}

	@Test
	void hmacSignedPayloadsRoundTrip() {
		byte[] payload = signer(PayloadSigner.hmacSha256("key-1", SECRET_1)).dumps(VALUE);
		assertThat(payload[FLAGS_OFFSET]).isEqualTo((byte) 1);
		assertThat(verifier(PayloadVerifier.hmacSha256("key-1", SECRET_1)).loads(payload)).isEqualTo(VALUE);
	}

	@Test
	void ed25519SignedPayloadsRoundTripWithOnlyThePublicKeyOnTheReceiver() throws Exception {
		KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		byte[] payload = signer(PayloadSigner.ed25519("client-a", keys.getPrivate())).dumps(VALUE);
		assertThat(verifier(PayloadVerifier.ed25519("client-a", keys.getPublic())).loads(payload)).isEqualTo(VALUE);
		KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		assertThatThrownBy(() -> verifier(PayloadVerifier.ed25519("client-a", other.getPublic())).loads(payload))
			.isInstanceOf(PickleException.class)
			.hasMessageContaining("signature is invalid")
			.hasMessageContaining("client-a")
			.hasMessageContaining("Ed25519");
	}

	@Test
	void rotationAcceptsTheOldAndTheNewKeyAtOnce() throws Exception {
		KeyPair client = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		Pickler receiver = verifier(PayloadVerifier.hmacSha256(Map.of("key-1", SECRET_1, "key-0", SECRET_0))
			.or(PayloadVerifier.ed25519("client-a", client.getPublic())));
		assertThat(receiver.loads(signer(PayloadSigner.hmacSha256("key-0", SECRET_0)).dumps(VALUE))).isEqualTo(VALUE);
		assertThat(receiver.loads(signer(PayloadSigner.hmacSha256("key-1", SECRET_1)).dumps(VALUE))).isEqualTo(VALUE);
		assertThat(receiver.loads(signer(PayloadSigner.ed25519("client-a", client.getPrivate())).dumps(VALUE)))
			.isEqualTo(VALUE);
	}

	@Test
	void aWrongSecretUnderAKnownKeyIdIsRefused() {
		byte[] payload = signer(PayloadSigner.hmacSha256("key-1", SECRET_0)).dumps(VALUE);
		assertThatThrownBy(() -> verifier(PayloadVerifier.hmacSha256("key-1", SECRET_1)).loads(payload))
			.isInstanceOf(PayloadSignatureException.class)
			.hasMessageContaining("signature is invalid (key id 'key-1', HMAC-SHA256)")
			.extracting((e) -> ((PayloadSignatureException) e).reason())
			.isEqualTo(PayloadSignatureException.Reason.INVALID);
	}

	@Test
	void anUnknownKeyIdIsRefusedNamingIt() {
		byte[] payload = signer(PayloadSigner.hmacSha256("key-9", SECRET_1)).dumps(VALUE);
		assertThatThrownBy(() -> verifier(PayloadVerifier.hmacSha256("key-1", SECRET_1)).loads(payload))
			.isInstanceOf(PickleException.class)
			.hasMessageContaining("unknown key (key id 'key-9', HMAC-SHA256)");
		// the same key id under the other algorithm is another key
		assertThatThrownBy(() -> verifier(
				PayloadVerifier.ed25519("key-9", KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic()))
			.loads(payload)).isInstanceOf(PickleException.class).hasMessageContaining("unknown key");
	}

	/**
	 * Every single bit flip is refused, for the reason its position gives: the signature
	 * is verified before anything past the header is parsed, so a flip in the signed
	 * header fields, the body or the signature is INVALID, never a parse error; a flip in
	 * the block's own fields is MALFORMED (or names an unknown algorithm or key id);
	 * clearing the signed flag makes the payload UNSIGNED; and only the magic bytes, the
	 * format version and unknown flag bits are refused before signatures are looked at.
	 */
	@Test
	void everySingleBitFlipOfHeaderBodyOrSignatureIsRefusedForTheReasonItsPositionGives() {
		byte[] payload = signer(PayloadSigner.hmacSha256("key-1", SECRET_1)).dumps(VALUE);
		Pickler receiver = verifier(PayloadVerifier.hmacSha256("key-1", SECRET_1));
		int blockLength = (payload[payload.length - 4] & 0xFF) | ((payload[payload.length - 3] & 0xFF) << 8);
		int blockStart = payload.length - 4 - blockLength;
		int keyIdStart = blockStart + 4;
		int keyIdEnd = keyIdStart + "key-1".length();
		int signatureStart = keyIdEnd + 2;
		int signatureEnd = signatureStart + 32;
		assertThat(signatureEnd).isEqualTo(payload.length - 4);
		assertThat(payload[FLAGS_OFFSET + 1]).as("sender's Java version").isEqualTo((byte) Runtime.version().feature());
		assertThat(payload[FLAGS_OFFSET + 2]).as("no class files shipped").isZero();
		assertThat(payload[FLAGS_OFFSET + 3]).as("an empty bundle").isZero();
		Map<String, Integer> seen = new TreeMap<>();
		for (int i = 0; i < payload.length; i++) {
			for (int bit = 0; bit < 8; bit++) {
				byte[] tampered = payload.clone();
				tampered[i] ^= (byte) (1 << bit);
				String expected;
				if (i < 4) {
					expected = "not a cloudpickle payload: bad magic bytes";
				}
				else if (i == 4) {
					expected = "payload has format version " + (tampered[4] & 0xFF);
				}
				else if (i == FLAGS_OFFSET) {
					expected = (bit == 0) ? "UNSIGNED"
							: "payload uses flags 0x" + Integer.toHexString(tampered[i] & 0xFF) + " that this reader";
				}
				else if ((i == FLAGS_OFFSET + 1 || i == FLAGS_OFFSET + 2) && bit == 7) {
					// the sender's Java version and the highest class file version are
					// one-byte varints, followed by a zero byte: a continuation bit makes
					// the header itself unreadable
					expected = "payload is corrupt: malformed, overlong or negative varint";
				}
				else if (i < blockStart || (i >= signatureStart && i < signatureEnd)) {
					expected = "INVALID";
				}
				else if (i == blockStart + 1) {
					expected = "UNKNOWN_ALGORITHM";
				}
				else if (i >= signatureEnd) {
					// the block length: the block now seems to start elsewhere, and what
					// stands there is not a block (or names no known algorithm)
					long length = (tampered[signatureEnd] & 0xFFL) | ((tampered[signatureEnd + 1] & 0xFFL) << 8)
							| ((tampered[signatureEnd + 2] & 0xFFL) << 16)
							| ((tampered[signatureEnd + 3] & 0xFFL) << 24);
					long start = signatureEnd - length;
					expected = (length >= 7 && start >= FLAGS_OFFSET + 3 && tampered[(int) start] == 1
							&& SignatureAlgorithm.ofCode(tampered[(int) start + 1] & 0xFF) == null)
									? "UNKNOWN_ALGORITHM" : "MALFORMED";
				}
				else if (i >= keyIdStart && i < keyIdEnd) {
					expected = KeyIds
						.isValid(new String(tampered, keyIdStart, keyIdEnd - keyIdStart, StandardCharsets.ISO_8859_1))
								? "UNKNOWN_KEY" : "MALFORMED";
				}
				else {
					expected = "MALFORMED";
				}
				int at = i;
				int flipped = bit;
				Throwable thrown = Assertions.catchThrowable(() -> receiver.loads(tampered));
				assertThat(thrown).as("bit %d of byte %d", flipped, at).isInstanceOf(PickleException.class);
				if (expected.equals(expected.toUpperCase(Locale.ROOT))) {
					assertThat(thrown).as("bit %d of byte %d: %s", flipped, at, thrown.getMessage())
						.isInstanceOf(PayloadSignatureException.class);
					assertThat(((PayloadSignatureException) thrown).reason().name())
						.as("bit %d of byte %d: %s", flipped, at, thrown.getMessage())
						.isEqualTo(expected);
				}
				else {
					assertThat(thrown).as("bit %d of byte %d", flipped, at)
						.isNotInstanceOf(PayloadSignatureException.class)
						.hasMessageStartingWith(expected);
				}
				seen.merge(expected.startsWith("payload") || expected.startsWith("not") ? "parse error" : expected, 1,
						Integer::sum);
			}
		}
		assertThat(seen).containsOnlyKeys("parse error", "UNSIGNED", "INVALID", "UNKNOWN_ALGORITHM", "UNKNOWN_KEY",
				"MALFORMED");
		assertThat(seen.get("INVALID")).isEqualTo(8 * (blockStart - FLAGS_OFFSET - 1 + 32) - 2);
	}

	@Test
	void aTamperedPayloadIsRefusedBeforeAnyShippedClassIsDefinedOrInitialized() throws Exception {
		// The payload ships a class whose static initializer writes a marker. Loaded
		// without verification it would
		// run; with verification, a payload whose signature does not match is refused
		// before the class table is read.
		String control = "gen.marker.Control";
		String attack = "gen.marker.Attack";
		Object controlTask = Generated.instance(control,
				Generated.supplier(control, "ok", Generated.marker("cloudpickle.test.marker.control")));
		Object attackTask = Generated.instance(attack,
				Generated.supplier(attack, "ok", Generated.marker("cloudpickle.test.marker.attack")));
		Pickler sender = Pickler.builder()
			.returnOwnClasses(false)
			.useGlobalRegistry(false)
			.byValuePackages("gen.marker")
			.signWith(PayloadSigner.hmacSha256("key-1", SECRET_0))
			.build();
		System.clearProperty("cloudpickle.test.marker.control");
		System.clearProperty("cloudpickle.test.marker.attack");

		// control: a trusted pickler (no verifier) loads the payload and the initializer
		// runs
		Pickler trusting = Pickler.builder()
			.returnOwnClasses(false)
			.useGlobalRegistry(false)
			.classSpace(new ClassSpace(4, 100, 100))
			.build();
		Object loaded = trusting.loads(sender.dumps(controlTask));
		assertThat(((Supplier<?>) loaded).get()).isEqualTo("ok");
		assertThat(System.getProperty("cloudpickle.test.marker.control")).isEqualTo("written");

		// attack: signed with a key the receiver does not hold; and the same payload with
		// a flipped signature bit
		byte[] payload = sender.dumps(attackTask);
		byte[] flipped = payload.clone();
		flipped[flipped.length - 10] ^= 1;
		Pickler receiver = Pickler.builder()
			.returnOwnClasses(false)
			.useGlobalRegistry(false)
			.classSpace(new ClassSpace(4, 100, 100))
			.verifyWith(PayloadVerifier.hmacSha256("key-1", SECRET_1))
			.classFilter(ClassFilter.ALLOW_ALL)
			.refuseShadowedClasses(false)
			.build();
		Pickler receiverWithKey = Pickler.builder()
			.returnOwnClasses(false)
			.useGlobalRegistry(false)
			.classSpace(new ClassSpace(4, 100, 100))
			.verifyWith(PayloadVerifier.hmacSha256("key-1", SECRET_0))
			.build();
		assertThatThrownBy(() -> receiver.loads(payload)).isInstanceOf(PickleException.class)
			.hasMessageContaining("signature is invalid");
		assertThatThrownBy(() -> receiverWithKey.loads(flipped)).isInstanceOf(PickleException.class)
			.hasMessageContaining("signature is invalid");
		assertThat(receiver.classSpace().counts().classes()).isZero();
		assertThat(receiverWithKey.classSpace().counts().classes()).isZero();
		assertThat(System.getProperty("cloudpickle.test.marker.attack")).isNull();
	}

	@Test
	void unsignedPayloadsAreRefusedWhenAVerifierIsConfigured() {
		byte[] unsigned = CloudPickle.dumps(VALUE);
		assertThatThrownBy(() -> verifier(PayloadVerifier.hmacSha256("key-1", SECRET_1)).loads(unsigned))
			.isInstanceOf(PayloadSignatureException.class)
			.hasMessageContaining("payload is not signed")
			.hasMessageContaining("requires signed payloads")
			.extracting((e) -> ((PayloadSignatureException) e).reason())
			.isEqualTo(PayloadSignatureException.Reason.UNSIGNED);
		Pickler lenient = Pickler.builder()
			.returnOwnClasses(false)
			.verifyWith(PayloadVerifier.hmacSha256("key-1", SECRET_1))
			.requireSignature(false)
			.build();
		assertThat(lenient.loads(unsigned)).isEqualTo(VALUE);
		// signed payloads are still verified when unsigned ones are let through
		byte[] wrong = signer(PayloadSigner.hmacSha256("key-1", SECRET_0)).dumps(VALUE);
		assertThatThrownBy(() -> lenient.loads(wrong)).hasMessageContaining("signature is invalid");
	}

	@Test
	void signedPayloadsLoadUncheckedThroughTheTrustedStaticApi() {
		byte[] payload = signer(PayloadSigner.hmacSha256("key-1", SECRET_1)).dumps(VALUE);
		assertThat(CloudPickle.loads(payload)).isEqualTo(VALUE);
		assertThat(PayloadInfo.of(payload).formatVersion()).isEqualTo(2);
		assertThat(PayloadInfo.of(payload).shippedClasses()).isZero();
	}

	@Test
	void aReceiverThatRejectsReplaysLoadsEachSignedPayloadOnce() {
		Instant start = Instant.parse("2026-01-01T12:00:00Z");
		AtomicReference<Instant> now = new AtomicReference<>(start);
		Clock receiverClock = new Clock() {
			@Override
			public ZoneId getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(ZoneId zone) {
				return this;
			}

			@Override
			public Instant instant() {
				return now.get();
			}
		};
		PayloadSigner key = PayloadSigner.hmacSha256("key-1", SECRET_1);
		Pickler receiver = Pickler.builder()
			.returnOwnClasses(false)
			.verifyWith(PayloadVerifier.hmacSha256("key-1", SECRET_1))
			.maxPayloadAge(Duration.ofMinutes(5))
			.rejectReplays(ReplayGuard.inMemory(2))
			.clock(receiverClock)
			.build();

		byte[] first = signer(key.withIssuedAt(Clock.fixed(start, ZoneOffset.UTC))).dumps(VALUE);
		assertThat(receiver.loads(first)).isEqualTo(VALUE);
		assertThatThrownBy(() -> receiver.loads(first)).isInstanceOf(PayloadSignatureException.class)
			.hasMessageContaining("payload was loaded before (key id 'key-1', HMAC-SHA256")
			.extracting((e) -> ((PayloadSignatureException) e).reason())
			.isEqualTo(PayloadSignatureException.Reason.REPLAYED);

		// the same graph signed again (a retry) is a new payload
		byte[] retry = signer(key.withIssuedAt(Clock.fixed(start.plusMillis(1), ZoneOffset.UTC))).dumps(VALUE);
		assertThat(receiver.loads(retry)).isEqualTo(VALUE);

		// two live signatures fill this guard: it fails closed rather than forget one
		// that could still be replayed
		byte[] third = signer(key.withIssuedAt(Clock.fixed(start.plusMillis(2), ZoneOffset.UTC))).dumps(VALUE);
		assertThatThrownBy(() -> receiver.loads(third)).isInstanceOf(PickleException.class)
			.hasMessageContaining("replay guard already holds 2 unexpired payload signatures");

		// once the first two are past the maximum age they are forgotten; they are
		// refused as expired anyway
		now.set(start.plus(Duration.ofMinutes(5)).plusMillis(2));
		byte[] later = signer(key.withIssuedAt(Clock.fixed(now.get(), ZoneOffset.UTC))).dumps(VALUE);
		assertThat(receiver.loads(later)).isEqualTo(VALUE);
		assertThatThrownBy(() -> receiver.loads(first)).isInstanceOf(PayloadSignatureException.class)
			.extracting((e) -> ((PayloadSignatureException) e).reason())
			.isEqualTo(PayloadSignatureException.Reason.EXPIRED);
	}

	@Test
	void rejectingReplaysNeedsAMaximumAge() {
		assertThatThrownBy(() -> Pickler.builder()
			.verifyWith(PayloadVerifier.hmacSha256("key-1", SECRET_1))
			.rejectReplays(ReplayGuard.inMemory(10))
			.build()).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("rejectReplays needs maxPayloadAge");
	}

	@Test
	void issuedAtOlderThanTheMaximumAgeIsRefused() {
		Instant now = Instant.parse("2026-01-01T12:00:00Z");
		Clock receiverClock = Clock.fixed(now, ZoneOffset.UTC);
		PayloadSigner key = PayloadSigner.hmacSha256("key-1", SECRET_1);
		Pickler receiver = Pickler.builder()
			.returnOwnClasses(false)
			.verifyWith(PayloadVerifier.hmacSha256("key-1", SECRET_1))
			.maxPayloadAge(Duration.ofMinutes(5))
			.clock(receiverClock)
			.build();

		byte[] fresh = signer(key.withIssuedAt(Clock.fixed(now.minusSeconds(60), ZoneOffset.UTC))).dumps(VALUE);
		assertThat(receiver.loads(fresh)).isEqualTo(VALUE);

		byte[] old = signer(key.withIssuedAt(Clock.fixed(now.minusSeconds(301), ZoneOffset.UTC))).dumps(VALUE);
		assertThatThrownBy(() -> receiver.loads(old)).isInstanceOf(PayloadSignatureException.class)
			.hasMessageContaining("payload signature has expired")
			.hasMessageContaining("maxPayloadAge=PT5M")
			.extracting((e) -> ((PayloadSignatureException) e).reason())
			.isEqualTo(PayloadSignatureException.Reason.EXPIRED);

		byte[] future = signer(key.withIssuedAt(Clock.fixed(now.plusSeconds(120), ZoneOffset.UTC))).dumps(VALUE);
		assertThatThrownBy(() -> receiver.loads(future)).isInstanceOf(PickleException.class)
			.hasMessageContaining("in the future")
			.hasMessageContaining("maxClockSkew");

		byte[] noIssuedAt = signer(key).dumps(VALUE);
		assertThatThrownBy(() -> receiver.loads(noIssuedAt)).isInstanceOf(PickleException.class)
			.hasMessageContaining("no issued-at");

		// the issued-at is signed: moving it back into the window breaks the signature
		byte[] forged = old.clone();
		int issuedAtStart = forged.length - 4 - (4 + "key-1".length() + 8 + 2 + 32) + 4 + "key-1".length();
		// issued-at is little-endian: +256 ms per step of byte 1
		forged[issuedAtStart + 1] += 1;
		forged[issuedAtStart + 2] += 1; // +65.5 s
		assertThatThrownBy(() -> receiver.loads(forged)).hasMessageContaining("signature is invalid");
	}

	@Test
	void theBodyStaysDeterministicOnlyTheSignatureBlockDiffers() {
		Pickler plain = Pickler.builder().returnOwnClasses(false).useGlobalRegistry(false).build();
		PayloadSigner key = PayloadSigner.hmacSha256("key-1", SECRET_1);
		byte[] unsigned = plain.dumps(VALUE);
		byte[] first = signer(key.withIssuedAt(Clock.fixed(Instant.ofEpochSecond(1_000), ZoneOffset.UTC))).dumps(VALUE);
		byte[] second = signer(key.withIssuedAt(Clock.fixed(Instant.ofEpochSecond(2_000), ZoneOffset.UTC)))
			.dumps(VALUE);
		assertThat(first).hasSameSizeAs(second);
		assertThat(first).isNotEqualTo(second);
		int bodyEnd = unsigned.length;
		assertThat(Arrays.copyOf(first, bodyEnd)).isEqualTo(Arrays.copyOf(second, bodyEnd));
		// the signed body is the unsigned payload with the "signed" flag set
		byte[] expected = unsigned.clone();
		expected[FLAGS_OFFSET] = 1;
		assertThat(Arrays.copyOf(first, bodyEnd)).isEqualTo(expected);
		// without an issued-at the whole signed payload is deterministic too
		assertThat(signer(key).dumps(VALUE)).isEqualTo(signer(key).dumps(VALUE));
	}

	@Test
	void malformedSignatureBlocksAreRefusedWithPickleException() {
		byte[] payload = signer(PayloadSigner.hmacSha256("key-1", SECRET_1)).dumps(VALUE);
		Pickler receiver = verifier(PayloadVerifier.hmacSha256("key-1", SECRET_1));
		for (int cut = 1; cut < payload.length; cut++) {
			byte[] truncated = Arrays.copyOf(payload, payload.length - cut);
			assertThatThrownBy(() -> receiver.loads(truncated)).isInstanceOf(PickleException.class);
			assertThatThrownBy(() -> CloudPickle.loads(truncated)).isInstanceOf(PickleException.class);
		}
		byte[] badLength = payload.clone();
		badLength[badLength.length - 4] = (byte) 0xFF;
		badLength[badLength.length - 3] = (byte) 0xFF;
		badLength[badLength.length - 2] = (byte) 0xFF;
		badLength[badLength.length - 1] = (byte) 0x7F;
		assertThatThrownBy(() -> receiver.loads(badLength)).hasMessageContaining("signature block is malformed");
	}

	@Test
	void configurationMistakesFailEarly() {
		assertThatThrownBy(() -> Pickler.builder().returnOwnClasses(false).requireSignature(true).build())
			.isInstanceOf(IllegalStateException.class);
		assertThatThrownBy(() -> Pickler.builder().returnOwnClasses(false).maxPayloadAge(Duration.ofMinutes(1)).build())
			.isInstanceOf(IllegalStateException.class);
		assertThatThrownBy(() -> PayloadSigner.hmacSha256("key-1", new byte[8]))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("at least 16 bytes");
		assertThatThrownBy(() -> PayloadSigner.hmacSha256("key 1", SECRET_1))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(
				() -> PayloadVerifier.hmacSha256("k", SECRET_1).or(PayloadVerifier.hmacSha256("k", SECRET_0)))
			.isInstanceOf(IllegalArgumentException.class);
		assertThat(Pickler.builder()
			.returnOwnClasses(false)
			.verifyWith(PayloadVerifier.hmacSha256("k", SECRET_1))
			.build()
			.requiresSignature()).isTrue();
		assertThat(CloudPickle.defaultPickler().requiresSignature()).isFalse();
		assertThat(CloudPickle.defaultPickler().refusesShadowedClasses()).isFalse();
	}

}
