package io.cloudpickle.security;

import java.util.regex.Pattern;

/**
 * Key ids: 1 to 64 characters of {@code [A-Za-z0-9._:-]}, so they are safe to echo in
 * error messages and logs.
 */
final class KeyIds {

	static final int MAX_LENGTH = 64;

	private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_LENGTH + "}");

	private KeyIds() {
	}

	static String requireValid(String keyId) {
		if (keyId == null || !VALID.matcher(keyId).matches()) {
			throw new IllegalArgumentException(
					"a key id must be 1 to " + MAX_LENGTH + " characters of letters, digits, '.', '_', ':' or '-', got "
							+ (keyId == null ? "null" : "'" + keyId + "'"));
		}
		return keyId;
	}

	static boolean isValid(String keyId) {
		return keyId != null && VALID.matcher(keyId).matches();
	}

}
