package io.cloudpickle.internal.classtable;

import java.util.HexFormat;

/**
 * One class as it travels by value: binary name, class file bytes and their SHA-256.
 *
 * @param name binary name, e.g. {@code com.acme.Job$1}
 * @param sha256 SHA-256 of {@code bytes}
 * @param bytes the class file
 */
public record ShippedClass(String name, byte[] sha256, byte[] bytes) {

	public String hashHex() {
		return HexFormat.of().formatHex(this.sha256);
	}

	@Override
	public String toString() {
		return this.name + "@" + hashHex().substring(0, 12) + " (" + this.bytes.length + " bytes)";
	}

}
