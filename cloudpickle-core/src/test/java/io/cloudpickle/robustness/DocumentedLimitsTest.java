package io.cloudpickle.robustness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cloudpickle.PickleLimits;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every value of {@link PickleLimits#defaults()} and {@link PickleLimits#network()} is
 * the one docs/SECURITY.md's table of limits states, read from the document itself.
 */
class DocumentedLimitsTest {

	private static final Pattern ROW = Pattern.compile("^\\| `(max\\w+)`[^|]*\\| ([^|]+) \\| ([^|]+) \\|$");

	private static final List<String> COMPONENTS = List.of("maxPayloadBytes", "maxDepth", "maxObjects",
			"maxArrayLength", "maxStringLength", "maxClasses", "maxClassBytes", "maxHashWork");

	@Test
	void defaultsAndNetworkLimitsAreTheDocumentedOnes() throws IOException {
		Map<String, long[]> documented = documentedLimits();
		assertThat(documented.keySet()).as("rows of the table of limits in docs/SECURITY.md")
			.containsExactlyElementsOf(COMPONENTS);
		assertThat(values(PickleLimits.defaults())).as("PickleLimits.defaults() against the `defaults()` column")
			.containsExactly(column(documented, 0));
		assertThat(values(PickleLimits.network())).as("PickleLimits.network() against the `network()` column")
			.containsExactly(column(documented, 1));
	}

	@Test
	void theDocumentedSpellingsAreParsedAsWritten() {
		assertThat(parse("2^31 − 17")).isEqualTo(Integer.MAX_VALUE - 16L);
		assertThat(parse("16 MiB")).isEqualTo(16L << 20);
		assertThat(parse("256,000,000 (~4 s)")).isEqualTo(256_000_000L);
		assertThat(parse("512")).isEqualTo(512L);
	}

	private static long[] values(PickleLimits limits) {
		return new long[] { limits.maxPayloadBytes(), limits.maxDepth(), limits.maxObjects(), limits.maxArrayLength(),
				limits.maxStringLength(), limits.maxClasses(), limits.maxClassBytes(), limits.maxHashWork() };
	}

	private static long[] column(Map<String, long[]> documented, int column) {
		return COMPONENTS.stream().mapToLong((name) -> documented.get(name)[column]).toArray();
	}

	static Map<String, long[]> documentedLimits() throws IOException {
		Map<String, long[]> rows = new LinkedHashMap<>();
		boolean inTable = false;
		for (String line : Files.readAllLines(securityDoc(), StandardCharsets.UTF_8)) {
			if (line.startsWith("| Limit | `defaults()` (trusted) | `network()` |")) {
				inTable = true;
				continue;
			}
			if (inTable && !line.startsWith("|")) {
				break;
			}
			Matcher row = ROW.matcher(line);
			if (inTable && row.matches()) {
				rows.put(row.group(1), new long[] { parse(row.group(2)), parse(row.group(3)) });
			}
		}
		return rows;
	}

	/**
	 * "10,000,000", "16 MiB", "2^31 − 17", "256,000,000 (~4 s)": a number, a power of two
	 * or a size, minus an optional constant; a parenthesised note is ignored.
	 */
	static long parse(String text) {
		String value = text.replaceAll("\\(.*\\)", "").replace(",", "").trim();
		long minus = 0;
		int dash = value.indexOf('−');
		if (dash >= 0) {
			minus = Long.parseLong(value.substring(dash + 1).trim());
			value = value.substring(0, dash).trim();
		}
		long base;
		if (value.startsWith("2^")) {
			base = 1L << Integer.parseInt(value.substring(2));
		}
		else if (value.endsWith(" GiB") || value.endsWith(" MiB") || value.endsWith(" KiB")) {
			int shift = value.endsWith(" GiB") ? 30 : value.endsWith(" MiB") ? 20 : 10;
			base = Long.parseLong(value.substring(0, value.length() - 4).trim()) << shift;
		}
		else {
			base = Long.parseLong(value);
		}
		return base - minus;
	}

	private static Path securityDoc() {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path doc = dir.resolve("docs/SECURITY.md");
			if (Files.isRegularFile(doc)) {
				return doc;
			}
		}
		throw new IllegalStateException("docs/SECURITY.md not found above " + Path.of("").toAbsolutePath());
	}

}
