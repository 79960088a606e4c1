package io.cloudpickle.internal.io;

import io.cloudpickle.PickleException;
import io.cloudpickle.PrintableText;

/**
 * Names read from a payload (class, enum constant, JShell variable and method names) end
 * up in exception messages, and from there in logs and HTTP answers. A name with a
 * {@linkplain PrintableText#isUnprintable unprintable} character is refused as corrupt,
 * with a message that does not repeat it: no real class or member is named so.
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
		int at = PrintableText.firstUnprintable(name);
		if (at >= 0) {
			throw new PickleException("payload is corrupt: a " + what + " of " + name.length()
					+ " chars holds the unprintable character U+" + String.format("%04X", (int) name.charAt(at))
					+ " at index " + at);
		}
		return name;
	}

}
