package io.cloudpickle.security;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 of a byte range with one {@link Mac} per thread: looking up the provider
 * costs more than the MAC of a small payload, and a {@code Mac} is not thread-safe.
 */
final class HmacSha256 {

	private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
		try {
			return Mac.getInstance("HmacSHA256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("this JVM has no HmacSHA256", ex);
		}
	});

	private HmacSha256() {
	}

	static byte[] of(SecretKeySpec key, byte[] message, int offset, int length) throws GeneralSecurityException {
		Mac mac = MAC.get();
		mac.init(key);
		mac.update(message, offset, length);
		return mac.doFinal();
	}

}
