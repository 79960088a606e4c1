package io.cloudpickle.crossjvm;

import java.nio.charset.StandardCharsets;

/**
 * Byte-level helpers to look inside payloads without depending on the format's details.
 */
final class Payloads {

	private Payloads() {
	}

	/**
	 * Whether the payload contains the text (as ASCII/UTF-8 bytes), e.g. a class name.
	 */
	static boolean contains(byte[] payload, String text) {
		return new String(payload, StandardCharsets.ISO_8859_1).contains(text);
	}

	/**
	 * Number of class files embedded in the payload (occurrences of the 0xCAFEBABE
	 * magic).
	 */
	static int classFiles(byte[] payload) {
		int count = 0;
		for (int i = 0; i + 3 < payload.length; i++) {
			if ((payload[i] & 0xFF) == 0xCA && (payload[i + 1] & 0xFF) == 0xFE && (payload[i + 2] & 0xFF) == 0xBA
					&& (payload[i + 3] & 0xFF) == 0xBE) {
				count++;
			}
		}
		return count;
	}

}
