package io.cloudpickle.robustness;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.example.fixtures.graph.Color;
import com.example.fixtures.graph.GraphTasks;
import com.example.fixtures.graph.Person;
import com.example.fixtures.graph.Range;
import com.example.fixtures.graph.Shape;
import io.cloudpickle.ClassSpace;
import io.cloudpickle.PickleLimits;
import io.cloudpickle.Pickler;
import io.cloudpickle.security.PayloadSigner;

/**
 * Real payloads that the fuzz and mutation tests start from: a lambda, a map, records, a
 * cyclic graph, a class shipped by value and a signed payload. The files under
 * {@code src/test/resources/io/cloudpickle/robustness/LoadsFuzzTestInputs/loads/} hold
 * these same payloads (written by {@link #main}) as Jazzer's regression corpus.
 */
final class SeedPayloads {

	private SeedPayloads() {
	}

	/**
	 * The receiver every robustness fuzz/mutation test loads with: network limits, copies
	 * of classes, its own space.
	 */
	static Pickler receiver() {
		return Pickler.builder()
			.useGlobalRegistry(false)
			.limits(PickleLimits.network())
			.returnOwnClasses(false)
			.classSpace(new ClassSpace(4, 64, 32))
			.build();
	}

	static Map<String, byte[]> build() {
		Pickler sender = Pickler.builder()
			.useGlobalRegistry(false)
			.byValuePackages("com.example.fixtures", "gen")
			.build();
		Map<String, byte[]> out = new LinkedHashMap<>();
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("list", new ArrayList<>(List.of("a", "béta", 3, 4.5)));
		m.put("nested", Map.of("k", List.of(1, 2)));
		out.put("lambda", sender.dumps(GraphTasks.describe(m)));
		TreeMap<String, Object> map = new TreeMap<>();
		map.put("int", 1);
		map.put("long", Long.MIN_VALUE);
		map.put("string", "中文😀");
		map.put("bytes", new byte[] { 1, 2, 3 });
		map.put("list", List.of(1.5, -0.0f, 'c', (short) 7));
		out.put("map", sender.dumps(map));
		out.put("record", sender.dumps(List.of(new Range(1, 5), new Shape("sq", 2.0, Color.GREEN), Color.RED)));
		Person a = new Person("ann", 30);
		Person b = new Person("bob", 40);
		a.friends().add(b);
		b.friends().add(a);
		out.put("cycle", sender.dumps(a));
		try {
			out.put("byvalue", sender.dumps(GeneratedClass.instance("gen.FuzzSupplier", 61, 61, "fuzz")));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		Pickler signer = Pickler.builder()
			.useGlobalRegistry(false)
			.signWith(PayloadSigner.hmacSha256("k1", "0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII)))
			.build();
		out.put("signed", signer.dumps(List.of("signed", 42, Map.of("k", new int[] { 1, 2 }))));
		return out;
	}

	/**
	 * Writes the seed corpus: {@code java ... SeedPayloads
	 *
	<dir>
	 * }.
	 */
	public static void main(String[] args) throws Exception {
		Path dir = Path.of(args[0]);
		Files.createDirectories(dir);
		for (Map.Entry<String, byte[]> e : build().entrySet()) {
			Files.write(dir.resolve("seed-" + e.getKey()), e.getValue());
		}
	}

}
