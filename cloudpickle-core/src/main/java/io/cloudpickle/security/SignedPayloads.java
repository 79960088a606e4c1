package io.cloudpickle.security;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import io.cloudpickle.PickleException;
import io.cloudpickle.internal.envelope.Envelope;

/**
 * The signature block of signed payloads (wire format in docs/SECURITY.md, "Signed
 * payloads"): written after the body, found from the end of the payload, and verified
 * before the class table or any object is read.
 *
 * <pre>
 * payload   = header (flags bit 0 set) ‖ body ‖ block ‖ u32 blockLength
 * block     = u8 blockVersion (1) ‖ u8 algorithm (1 HMAC-SHA256, 2 Ed25519) ‖ u8 blockFlags (bit 0: issued-at)
 *             ‖ u8 keyIdLength ‖ keyId (ASCII) ‖ [i64 issuedAt, epoch ms] ‖ u16 signatureLength ‖ signature
 * signed    = every byte of the payload before the signature: header ‖ body ‖ block up to signatureLength
 * </pre> Fixed-width integers are little-endian, like everywhere in the format
 * (docs/FORMAT.md §1).
 *
 * Used by {@link io.cloudpickle.Pickler}; not needed by applications.
 */
public final class SignedPayloads {

	/** Bit 0 of the header's flags byte: the payload ends with a signature block. */
	public static final int FLAG_SIGNED = Envelope.FLAG_SIGNED;

	static final int BLOCK_VERSION = 1;

	static final int BLOCK_FLAG_ISSUED_AT = 0x01;

	/** version, algorithm, flags, key id length, 1-byte key id, signature length. */
	private static final int MIN_BLOCK = 4 + 1 + 2;

	private static final int MAX_BLOCK = 4 + KeyIds.MAX_LENGTH + 8 + 2 + 256;

	private SignedPayloads() {
	}

	/**
	 * What a receiver requires of signatures.
	 *
	 * @param verifier the keys accepted, or null to load signed payloads without
	 * verifying them (trusted callers)
	 * @param requireSignature whether unsigned payloads are refused
	 * @param maxAge the oldest issued-at accepted, or null for no limit (and no issued-at
	 * required)
	 * @param maxClockSkew how far in the future an issued-at may be (clocks differ)
	 * @param clock the receiver's clock
	 * @param replayGuard refuses a verified payload loaded before, or null to allow
	 * replays within {@code maxAge}
	 */
	public record Policy(PayloadVerifier verifier, boolean requireSignature, Duration maxAge, Duration maxClockSkew,
			Clock clock, ReplayGuard replayGuard) {

		/** Trusted caller: unsigned payloads load; signatures are not checked. */
		public static final Policy TRUSTED = new Policy(null, false, null, Duration.ofSeconds(30), Clock.systemUTC(),
				null);

		public Policy {
			if (replayGuard != null && maxAge == null) {
				throw new IllegalStateException(
						"rejectReplays needs maxPayloadAge, which bounds how long signatures" + " must be remembered");
			}
			Objects.requireNonNull(maxClockSkew, "maxClockSkew");
			Objects.requireNonNull(clock, "clock");
			if (requireSignature && verifier == null) {
				throw new IllegalStateException("requireSignature needs a verifier: call verifyWith(...)");
			}
			if (maxAge != null && verifier == null) {
				throw new IllegalStateException("maxPayloadAge needs a verifier: call verifyWith(...)");
			}
			if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
				throw new IllegalArgumentException("maxPayloadAge must be positive, was " + maxAge);
			}
			if (maxClockSkew.isNegative()) {
				throw new IllegalArgumentException("maxClockSkew must not be negative, was " + maxClockSkew);
			}
		}

	}

	/** A parsed signature block. */
	record Block(SignatureAlgorithm algorithm, String keyId, boolean hasIssuedAt, long issuedAtMillis, int signedLength,
			byte[] signature, int bodyEnd) {
	}

	/**
	 * Appends the signature block to a payload whose header already carries
	 * {@link #FLAG_SIGNED}.
	 * @return a new array: {@code payload ‖ block ‖ u32 blockLength}
	 */
	public static byte[] sign(byte[] payload, PayloadSigner signer) {
		byte[] keyId = signer.keyId().getBytes(StandardCharsets.US_ASCII);
		boolean issuedAt = signer.signsIssuedAt();
		int sigLength = signer.algorithm().signatureLength();
		int metadata = 4 + keyId.length + (issuedAt ? 8 : 0) + 2;
		int blockLength = metadata + sigLength;
		byte[] out = new byte[payload.length + blockLength + 4];
		System.arraycopy(payload, 0, out, 0, payload.length);
		int p = payload.length;
		out[p++] = BLOCK_VERSION;
		out[p++] = (byte) signer.algorithm().code();
		out[p++] = (byte) (issuedAt ? BLOCK_FLAG_ISSUED_AT : 0);
		out[p++] = (byte) keyId.length;
		System.arraycopy(keyId, 0, out, p, keyId.length);
		p += keyId.length;
		if (issuedAt) {
			long millis = signer.issuedAtMillis();
			for (int shift = 0; shift < 64; shift += 8) {
				out[p++] = (byte) (millis >>> shift);
			}
		}
		out[p++] = (byte) sigLength;
		out[p++] = (byte) (sigLength >>> 8);
		byte[] signature = signer.sign(out, 0, p);
		if (signature.length != sigLength) {
			throw new PickleException(
					"signer produced a " + signature.length + "-byte signature, expected " + sigLength);
		}
		System.arraycopy(signature, 0, out, p, sigLength);
		p += sigLength;
		out[p++] = (byte) blockLength;
		out[p++] = (byte) (blockLength >>> 8);
		out[p++] = (byte) (blockLength >>> 16);
		out[p] = (byte) (blockLength >>> 24);
		return out;
	}

	/**
	 * Applies {@code policy} to a payload and returns where its body ends (the payload's
	 * length if it is unsigned). Reads nothing but the header flag and the signature
	 * block.
	 * @param signed whether the header's {@link #FLAG_SIGNED} is set
	 * @param minBodyStart the first byte after the header
	 * @throws PickleException if the payload is unsigned and signatures are required, or
	 * the signature block is malformed, names a key the verifier does not hold, does not
	 * verify, or is too old
	 */
	public static int check(byte[] payload, boolean signed, int minBodyStart, Policy policy) {
		if (!signed) {
			if (policy.requireSignature()) {
				throw new PayloadSignatureException(PayloadSignatureException.Reason.UNSIGNED,
						"payload is not signed, and this receiver requires signed payloads"
								+ " (sign it on the sender with Pickler.builder().signWith(...))");
			}
			return payload.length;
		}
		Block block = parse(payload, minBodyStart);
		if (policy.verifier() == null) {
			return block.bodyEnd();
		}
		PayloadVerifier.Verdict verdict = policy.verifier()
			.verify(block.algorithm(), block.keyId(), payload, 0, block.signedLength(), block.signature());
		String which = "key id '" + block.keyId() + "', " + block.algorithm().displayName();
		if (verdict == PayloadVerifier.Verdict.UNKNOWN_KEY) {
			throw new PayloadSignatureException(PayloadSignatureException.Reason.UNKNOWN_KEY,
					"payload is signed with an unknown key (" + which + "): this receiver does not accept that key");
		}
		if (verdict != PayloadVerifier.Verdict.VALID) {
			throw new PayloadSignatureException(PayloadSignatureException.Reason.INVALID,
					"payload signature is invalid (" + which
							+ "): the payload was altered or signed with a different key");
		}
		if (policy.maxAge() != null) {
			if (!block.hasIssuedAt()) {
				throw new PayloadSignatureException(PayloadSignatureException.Reason.NO_ISSUED_AT,
						"payload signature carries no issued-at time, but this receiver requires one"
								+ " (maxPayloadAge=" + policy.maxAge() + "; sign with PayloadSigner.withIssuedAt())");
			}
			Instant issued = Instant.ofEpochMilli(block.issuedAtMillis());
			Instant now = policy.clock().instant();
			if (issued.isAfter(now.plus(policy.maxClockSkew()))) {
				throw new PayloadSignatureException(PayloadSignatureException.Reason.NOT_YET_VALID,
						"payload signature is issued at " + issued + ", in the future beyond the"
								+ " allowed clock skew maxClockSkew=" + policy.maxClockSkew() + " (receiver time " + now
								+ ")");
			}
			if (issued.plus(policy.maxAge()).isBefore(now)) {
				throw new PayloadSignatureException(PayloadSignatureException.Reason.EXPIRED,
						"payload signature has expired: issued at " + issued + ", older than the limit maxPayloadAge="
								+ policy.maxAge() + " (receiver time " + now + ")");
			}
			if (policy.replayGuard() != null
					&& !policy.replayGuard().firstUse(block.signature(), issued.plus(policy.maxAge()), now)) {
				throw new PayloadSignatureException(PayloadSignatureException.Reason.REPLAYED, "payload was loaded"
						+ " before (" + which + ", issued at " + issued + "): this receiver refuses replays");
			}
		}
		return block.bodyEnd();
	}

	/**
	 * The key id a signed payload's signature block names, read without verifying
	 * anything: meaningful only for a payload that was verified (e.g. to tell which key
	 * holder sent it).
	 * @param minBodyStart the first byte after the header
	 * @throws PickleException if the signature block is malformed
	 */
	public static String keyId(byte[] payload, int minBodyStart) {
		return parse(payload, minBodyStart).keyId();
	}

	static Block parse(byte[] payload, int minBodyStart) {
		int n = payload.length;
		if (n - minBodyStart < 4 + MIN_BLOCK) {
			throw malformed("too short for a signature block");
		}
		long blockLength = ((payload[n - 1] & 0xFFL) << 24) | ((payload[n - 2] & 0xFF) << 16)
				| ((payload[n - 3] & 0xFF) << 8) | (payload[n - 4] & 0xFF);
		if (blockLength < MIN_BLOCK || blockLength > MAX_BLOCK || blockLength > n - 4 - minBodyStart) {
			throw malformed("bad block length");
		}
		int start = (int) (n - 4 - blockLength);
		int end = n - 4;
		int p = start;
		if ((payload[p++] & 0xFF) != BLOCK_VERSION) {
			throw malformed("unknown block version " + (payload[start] & 0xFF));
		}
		int code = payload[p++] & 0xFF;
		SignatureAlgorithm algorithm = SignatureAlgorithm.ofCode(code);
		if (algorithm == null) {
			throw new PayloadSignatureException(PayloadSignatureException.Reason.UNKNOWN_ALGORITHM,
					"payload is signed with an unknown signature algorithm (code " + code + ")");
		}
		int flags = payload[p++] & 0xFF;
		if ((flags & ~BLOCK_FLAG_ISSUED_AT) != 0) {
			throw malformed("unknown block flags 0x" + Integer.toHexString(flags));
		}
		int keyIdLength = payload[p++] & 0xFF;
		boolean hasIssuedAt = (flags & BLOCK_FLAG_ISSUED_AT) != 0;
		if (keyIdLength < 1 || keyIdLength > KeyIds.MAX_LENGTH || p + keyIdLength + (hasIssuedAt ? 8 : 0) + 2 > end) {
			throw malformed("bad key id length");
		}
		String keyId = new String(payload, p, keyIdLength, StandardCharsets.ISO_8859_1);
		if (!KeyIds.isValid(keyId)) {
			throw malformed("key id has characters outside [A-Za-z0-9._:-]");
		}
		p += keyIdLength;
		long issuedAt = 0;
		if (hasIssuedAt) {
			for (int shift = 0; shift < 64; shift += 8) {
				issuedAt |= (payload[p++] & 0xFFL) << shift;
			}
		}
		int sigLength = (payload[p] & 0xFF) | ((payload[p + 1] & 0xFF) << 8);
		p += 2;
		if (sigLength != algorithm.signatureLength() || p + sigLength != end) {
			throw malformed("bad signature length");
		}
		byte[] signature = new byte[sigLength];
		System.arraycopy(payload, p, signature, 0, sigLength);
		return new Block(algorithm, keyId, hasIssuedAt, issuedAt, p, signature, start);
	}

	private static PickleException malformed(String what) {
		return new PayloadSignatureException(PayloadSignatureException.Reason.MALFORMED,
				"payload signature block is malformed: " + what);
	}

}
