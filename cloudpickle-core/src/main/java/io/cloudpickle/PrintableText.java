package io.cloudpickle;

/**
 * Which characters may be echoed into logs and answers. Names read from a payload end up
 * in exception messages, and from there in logs and HTTP answers; a control or invisible
 * character in them could write terminal escapes or forged text. The engine refuses such
 * names; entry points that show messages escape what is left with {@link #escape}.
 */
public final class PrintableText {

	private PrintableText() {
	}

	/**
	 * Whether {@code c} could forge or garble a log line or a terminal: control
	 * characters (NUL, ESC of ANSI escape sequences, ...), line and paragraph separators,
	 * invisible formatting characters (bidirectional overrides, zero-width characters),
	 * private-use, unassigned and surrogate code units (callers skip well-formed
	 * surrogate pairs).
	 */
	public static boolean isUnprintable(char c) {
		if (c >= 0x20 && c < 0x7F) {
			return false; // printable ASCII: nearly every name
		}
		return switch (Character.getType(c)) {
			case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
					Character.PRIVATE_USE, Character.UNASSIGNED, Character.SURROGATE ->
				true;
			default -> false;
		};
	}

	/**
	 * {@code text} with every {@linkplain #isUnprintable unprintable} character written
	 * as <code>&#92;uXXXX</code>; well-formed surrogate pairs are kept.
	 */
	public static String escape(String text) {
		StringBuilder out = null;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (isPair(text, i)) {
				if (out != null) {
					out.append(c).append(text.charAt(i + 1));
				}
				i++;
				continue;
			}
			if (isUnprintable(c)) {
				if (out == null) {
					out = new StringBuilder(text.length() + 16).append(text, 0, i);
				}
				out.append(String.format("\\u%04X", (int) c));
			}
			else if (out != null) {
				out.append(c);
			}
		}
		return (out != null) ? out.toString() : text;
	}

	/** The index of the first unprintable character of {@code text}, or -1. */
	public static int firstUnprintable(String text) {
		for (int i = 0; i < text.length(); i++) {
			if (isPair(text, i)) {
				i++;
			}
			else if (isUnprintable(text.charAt(i))) {
				return i;
			}
		}
		return -1;
	}

	private static boolean isPair(String text, int i) {
		return Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()
				&& Character.isLowSurrogate(text.charAt(i + 1));
	}

}
