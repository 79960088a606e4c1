package io.cloudpickle.robustness;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.cloudpickle.PickleException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The regression corpus of {@link LoadsFuzzTest} keeps doing what it is there for:
 * {@code LoadsFuzzCorpusOutcomes.txt} records, for every input, the outcome it had when
 * it was added (the class of the loaded value, or the start of the refusal), and every
 * input must still have it. So the corpus cannot decay into inputs that all fail at the
 * first check (for example after a format change), which {@code LoadsFuzzTest} alone
 * would not notice: any {@link PickleException} passes there.
 */
class FuzzCorpusTest {

	private static final String CORPUS = "LoadsFuzzTestInputs/loads";

	private static final String OUTCOMES = "LoadsFuzzCorpusOutcomes.txt";

	/** How much of a refusal message is recorded. */
	private static final int MESSAGE_PREFIX = 60;

	@Test
	void everyCorpusInputStillHasItsRecordedOutcome() throws Exception {
		Map<String, String> recorded = recordedOutcomes();
		Map<String, String> actual = outcomes(corpusDirectory());
		assertThat(actual.keySet()).as("inputs in " + CORPUS + " against the entries of " + OUTCOMES)
			.containsExactlyElementsOf(recorded.keySet());
		List<String> changed = new ArrayList<>();
		recorded.forEach((input, outcome) -> {
			if (!actual.get(input).equals(outcome)) {
				changed.add(input + ": recorded '" + outcome + "', now '" + actual.get(input) + "'");
			}
		});
		assertThat(changed).as("inputs whose outcome changed").isEmpty();
	}

	@Test
	void theCorpusHoldsPayloadsThatLoadAndRefusalsOfManyKinds() throws Exception {
		Map<String, String> recorded = recordedOutcomes();
		assertThat(recorded).containsEntry("seed-lambda", "loads com.example.fixtures.graph.GraphTasks$$Lambda")
			.containsEntry("seed-map", "loads java.util.TreeMap")
			.containsEntry("seed-cycle", "loads com.example.fixtures.graph.Person")
			.containsEntry("seed-byvalue", "loads gen.FuzzSupplier")
			.containsEntry("seed-signed", "loads java.util.ImmutableCollections$ListN");
		assertThat(recorded.values().stream().filter((outcome) -> outcome.startsWith("refused ")).distinct())
			.as("distinct refusals")
			.hasSizeGreaterThanOrEqualTo(10);
	}

	/** Input file name → outcome, loading each with the fuzz test's receiver. */
	static Map<String, String> outcomes(Path corpus) throws IOException {
		Map<String, String> outcomes = new TreeMap<>();
		try (Stream<Path> inputs = Files.list(corpus)) {
			for (Path input : (Iterable<Path>) inputs::iterator) {
				outcomes.put(input.getFileName().toString(), outcome(Files.readAllBytes(input)));
			}
		}
		return outcomes;
	}

	static String outcome(byte[] input) {
		try {
			Object value = SeedPayloads.receiver().loads(input);
			return "loads " + ((value == null) ? "null" : className(value.getClass()));
		}
		catch (PickleException ex) {
			String message = String.valueOf(ex.getMessage()).replaceAll("[^\\x20-\\x7E]", "?");
			return "refused " + message.substring(0, Math.min(MESSAGE_PREFIX, message.length()));
		}
	}

	/** A lambda class's name without its JVM-made suffix. */
	private static String className(Class<?> type) {
		String name = type.getName();
		int lambda = name.indexOf("$$Lambda");
		return (lambda < 0) ? name : name.substring(0, lambda + "$$Lambda".length());
	}

	private static Map<String, String> recordedOutcomes() throws IOException, URISyntaxException {
		Map<String, String> recorded = new TreeMap<>();
		Path file = Paths.get(FuzzCorpusTest.class.getResource(OUTCOMES).toURI());
		for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
			if (!line.isBlank() && !line.startsWith("#")) {
				int tab = line.indexOf('\t');
				recorded.put(line.substring(0, tab), line.substring(tab + 1));
			}
		}
		return recorded;
	}

	private static Path corpusDirectory() throws URISyntaxException {
		return Paths.get(FuzzCorpusTest.class.getResource(CORPUS).toURI());
	}

	/**
	 * Prints the outcome of every input of a corpus directory, one line each, in the
	 * format of {@code LoadsFuzzCorpusOutcomes.txt}:
	 * {@code java ... FuzzCorpusTest <corpus directory>}.
	 */
	public static void main(String[] args) throws IOException {
		outcomes(Paths.get(args[0])).forEach((input, outcome) -> System.out.println(input + "\t" + outcome));
	}

}
