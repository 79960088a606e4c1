package io.cloudpickle.internal.io;

import io.cloudpickle.PickleException;

/**
 * Names read from a payload (class, enum constant, JShell variable and method names) end
 * up in exception messages, and from there in logs and HTTP answers. A name with a
 * control or invisible character is refused as corrupt, with a message that does not
 * repeat it: no real class or member is named so, and echoing it would let a payload
 * write terminal escapes or forged text into the receiver's logs.
 */
public final class PrintableNames {

	private PrintableNames() {
	}

	/**
	 * @param what what the name is, for the message (e.g. "class name")
	 * @return {@code name}
	 * @throws PickleException if the name holds a character that is not printable
	 */
	public static String require(String name, String what) {
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c >= 0x20 && c < 0x7F) {
				continue; // printable ASCII: nearly every name
			}
			if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
				i++;
				continue;
			}
			if (isUnprintable(c)) {
				throw new PickleException("payload is corrupt: a " + what + " of " + name.length()
						+ " chars holds the unprintable character U+" + String.format("%04X", (int) c) + " at index "
						+ i);
			}
		}
		return name;
	}

	private static boolean isUnprintable(char c) {
		return switch (Character.getType(c)) {
			case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
					Character.PRIVATE_USE, Character.UNASSIGNED, Character.SURROGATE ->
				true;
			default -> false;
		};
	}

}
