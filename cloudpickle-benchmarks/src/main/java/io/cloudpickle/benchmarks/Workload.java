package io.cloudpickle.benchmarks;

import com.example.benchmarks.byvalue.ByValueLambdas;
import io.cloudpickle.benchmarks.lambdas.ByReferenceLambdas;
import io.cloudpickle.benchmarks.model.GraphNode;
import io.cloudpickle.benchmarks.model.MediaContent;
import io.cloudpickle.benchmarks.model.PlainMediaContent;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;

/**
 * The benchmark workloads. Each has one instance per JVM ({@link #instance()}), shared by
 * every library, built deterministically (seeded), and a {@link #check} that fails fast
 * when a library's copy is not faithful.
 */
public enum Workload {

	/** jvm-serializers' MediaContent (a Media and two Images), {@code Serializable}. */
	POJO("pojo", false, Library.CLOUDPICKLE, Library.JDK, Library.KRYO, Library.KRYO_UNREGISTERED, Library.FORY,
			Library.FORY_UNREGISTERED),

	/**
	 * The same graph built from classes that are not {@code Serializable}: JDK
	 * serialization cannot write it.
	 */
	PLAIN_POJO("plain-pojo", false, Library.CLOUDPICKLE, Library.KRYO, Library.KRYO_UNREGISTERED, Library.FORY,
			Library.FORY_UNREGISTERED),

	/**
	 * A serializable lambda capturing an int, its capturing class shipped by reference.
	 */
	LAMBDA_BY_REFERENCE("lambda-by-ref", false, Library.CLOUDPICKLE, Library.JDK, Library.KRYO,
			Library.KRYO_UNREGISTERED, Library.FORY, Library.FORY_UNREGISTERED),

	/**
	 * The same lambda with its capturing class in a by-value package: only cloudpickle
	 * can ship the class, so it is the only library here; compare with
	 * {@link #LAMBDA_BY_REFERENCE}.
	 */
	LAMBDA_BY_VALUE("lambda-by-value", false, Library.CLOUDPICKLE),

	/** {@code double[1_000_000]} of seeded random values (8 MB). */
	DOUBLE_ARRAY("double-array", false, Library.CLOUDPICKLE, Library.JDK, Library.KRYO, Library.KRYO_UNREGISTERED,
			Library.FORY, Library.FORY_UNREGISTERED),

	/**
	 * A ring of 10,000 {@link GraphNode}s with seeded random back-edges: cycles and
	 * shared references.
	 */
	CYCLIC_GRAPH("cyclic-graph", true, Library.CLOUDPICKLE, Library.JDK, Library.KRYO, Library.KRYO_UNREGISTERED,
			Library.FORY, Library.FORY_UNREGISTERED),

	/** {@code HashMap<String, Integer>} with 1,000 entries. */
	STRING_INT_MAP("string-int-map", false, Library.CLOUDPICKLE, Library.JDK, Library.KRYO, Library.KRYO_UNREGISTERED,
			Library.FORY, Library.FORY_UNREGISTERED);

	public static final int DOUBLE_ARRAY_LENGTH = 1_000_000;

	public static final int GRAPH_NODES = 10_000;

	public static final int MAP_ENTRIES = 1_000;

	public static final int LAMBDA_CAPTURE = 5;

	private static final Map<Workload, Object> INSTANCES = new EnumMap<>(Workload.class);

	private final String label;

	private final boolean needsReferences;

	private final List<Library> libraries;

	Workload(String label, boolean needsReferences, Library... libraries) {
		this.label = label;
		this.needsReferences = needsReferences;
		this.libraries = List.of(libraries);
	}

	public String label() {
		return label;
	}

	/**
	 * Whether the graph has cycles or shared references, so Kryo and Fory need reference
	 * tracking on.
	 */
	public boolean needsReferences() {
		return needsReferences;
	}

	/** The libraries benchmarked on this workload. */
	public List<Library> libraries() {
		return libraries;
	}

	/** The one instance of this workload in this JVM. */
	public synchronized Object instance() {
		return INSTANCES.computeIfAbsent(this, Workload::create);
	}

	private static Object create(Workload workload) {
		switch (workload) {
			case POJO:
				return MediaContent.standard();
			case PLAIN_POJO:
				return PlainMediaContent.standard();
			case LAMBDA_BY_REFERENCE:
				return ByReferenceLambdas.adder(LAMBDA_CAPTURE);
			case LAMBDA_BY_VALUE:
				return ByValueLambdas.adder(LAMBDA_CAPTURE);
			case DOUBLE_ARRAY:
				Random random = new Random(42);
				double[] values = new double[DOUBLE_ARRAY_LENGTH];
				for (int i = 0; i < values.length; i++) {
					values[i] = random.nextDouble();
				}
				return values;
			case CYCLIC_GRAPH:
				return GraphNode.ring(GRAPH_NODES, 42);
			case STRING_INT_MAP:
				Map<String, Integer> map = new HashMap<>();
				for (int i = 0; i < MAP_ENTRIES; i++) {
					map.put("key-" + i, i);
				}
				return map;
			default:
				throw new AssertionError(workload);
		}
	}

	/**
	 * Fails with an {@link IllegalStateException} unless {@code actual} is a faithful
	 * copy of {@code expected}.
	 */
	@SuppressWarnings("unchecked")
	public void check(Object expected, Object actual) {
		if (actual == null) {
			throw new IllegalStateException(label + ": loaded null");
		}
		switch (this) {
			case LAMBDA_BY_REFERENCE:
			case LAMBDA_BY_VALUE:
				if (!(actual instanceof Function)) {
					throw new IllegalStateException(
							label + ": loaded a " + actual.getClass().getName() + ", not a Function");
				}
				Function<Integer, Integer> f = (Function<Integer, Integer>) expected;
				Function<Integer, Integer> g = (Function<Integer, Integer>) actual;
				for (int x : new int[] { 10, -3, 0 }) {
					if (!Objects.equals(f.apply(x), g.apply(x))) {
						throw new IllegalStateException(
								label + ": apply(" + x + ") gave " + g.apply(x) + ", expected " + f.apply(x));
					}
				}
				return;
			case CYCLIC_GRAPH:
				if (!(actual instanceof GraphNode)) {
					throw new IllegalStateException(label + ": loaded a " + actual.getClass().getName());
				}
				GraphNode.checkSameShape((GraphNode) expected, (GraphNode) actual);
				return;
			case PLAIN_POJO:
				if (actual.getClass() != PlainMediaContent.class) {
					throw new IllegalStateException(label + ": loaded a " + actual.getClass().getName());
				}
				break;
			default:
				break;
		}
		if (!Objects.deepEquals(expected, actual) || actual.getClass() != expected.getClass()) {
			throw new IllegalStateException(
					label + ": the copy differs: " + describe(actual) + " vs " + describe(expected));
		}
	}

	private static String describe(Object o) {
		if (o instanceof double[]) {
			return "double[" + ((double[]) o).length + "] " + Arrays.hashCode((double[]) o);
		}
		String s = String.valueOf(o);
		return s.length() > 300 ? s.substring(0, 300) + "..." : s;
	}

}
