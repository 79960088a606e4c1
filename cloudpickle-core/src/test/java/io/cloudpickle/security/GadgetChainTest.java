package io.cloudpickle.security;

import java.io.IOException;
import java.io.Serializable;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.management.BadAttributeValueExpException;

import com.example.fixtures.gadgets.GadgetChains;
import com.example.fixtures.gadgets.ReceiverTasks;
import com.example.fixtures.gadgets.ReceiverTasks.Receiver;
import io.cloudpickle.Pickler;
import io.cloudpickle.internal.io.ByteSink;
import io.cloudpickle.testing.RemoteJvm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real deserialization gadget chains (ysoserial's CommonsCollections2-7 and
 * CommonsBeanutils1, built from the deliberately vulnerable test-scope libraries by
 * {@link GadgetChains}) are pickled with a permissive pickler (the writer has no filter)
 * and loaded in a child JVM whose class path has those libraries, as a vulnerable
 * server's would. For every chain:
 * <ol>
 * <li>building and pickling it here does not fire it (it is armed last);</li>
 * <li>the default unpickler ({@code CloudPickle.loads},
 * {@code ClassFilter.DENY_KNOWN_GADGETS}) refuses it with a {@code PickleException}
 * naming a gadget class and its deny-list entry;</li>
 * <li>a network receiver ({@code ClassGates.networkDefaults()} +
 * {@code PickleLimits.network()}) refuses it too;</li>
 * <li>its side effect, a marker file, never appears: every sink is synchronous
 * ({@link GadgetChains}), so once the receiver has reported its outcome a chain it fired
 * has created its marker, and the marker is checked right then (the controls prove the
 * signal: their markers exist as soon as they answer);</li>
 * <li>control: the same payload loaded with {@code ClassFilter.ALLOW_ALL} does create the
 * marker, which proves the chain is real and that the reader would have fired it (the
 * load may fail afterwards, as with ysoserial's payloads: CommonsCollections7's Hashtable
 * then sees equal keys, the translet lacks what a real one sets up). Where the JDK itself
 * has defused a chain's trigger or sink, the control asserts exactly that instead:
 * CommonsCollections5's trigger on JDKs with JDK-8019292, and the TemplatesImpl sinks in
 * a receiver without {@link #XALAN_EXPORT}.</li>
 * </ol>
 * Also: the same kind of chain hidden as plain Java serialization inside a nested JDK
 * stream, and the URLDNS-style trigger, which is not refused (SECURITY.md §6). The suite
 * runs on JDK 17 and again on JDK 25 (profile {@code jdk25}); a line per chain and a
 * one-line summary with the counts are printed.
 */
class GadgetChainTest {

	/**
	 * JDK 16+ keeps java.xml's XSLT internals encapsulated, so reflection from the
	 * libraries (an unnamed module) cannot instantiate {@code TrAXFilter} or call
	 * {@code TemplatesImpl}'s public methods, and the TemplatesImpl chains fail before
	 * their sink. A receiver started with this export (servers sometimes carry such flags
	 * for old libraries) is vulnerable again; the controls of those chains run there.
	 */
	static final String XALAN_EXPORT = "--add-exports=java.xml/com.sun.org.apache.xalan.internal.xsltc.trax"
			+ "=ALL-UNNAMED";

	private static final String TEMPLATES_IMPL = "com.sun.org.apache.xalan.internal.xsltc.trax.TemplatesImpl";

	private static final String TRAX_FILTER = "com.sun.org.apache.xalan.internal.xsltc.trax.TrAXFilter";

	private static final String NOT_EXPORTED = "module java.xml does not export"
			+ " com.sun.org.apache.xalan.internal.xsltc.trax to unnamed module";

	/**
	 * Ships the receiver tasks (com.example.fixtures.gadgets.ReceiverTasks) by value; the
	 * child has no test class.
	 */
	private static final Pickler TASKS = Pickler.builder()
		.returnOwnClasses(false)
		.byValuePackages("com.example.fixtures")
		.build();

	/**
	 * The sender: a plain pickler; writers have no class filter, so they pickle gadgets
	 * like anything else.
	 */
	private static final Pickler PERMISSIVE = Pickler.builder().build();

	private static final int JDK = Runtime.version().feature();

	/**
	 * The chains docs/SECURITY.md reports as tried: the seven below and the nested one.
	 */
	private static final int DOCUMENTED_CHAINS = 8;

	private static final String NESTED = "CommonsCollections6 in a nested JDK stream";

	/** Of those, how many fire under the ALLOW_ALL control (SECURITY.md). */
	private static final int DOCUMENTED_FIRED = 7;

	@TempDir
	static Path markers;

	/** A receiver whose class path has the vulnerable libraries. */
	private static RemoteJvm plain;

	/** The same, started with {@link #XALAN_EXPORT}. */
	private static RemoteJvm exported;

	private static final List<String> tried = Collections.synchronizedList(new ArrayList<>());

	private static final List<String> refusedByDefault = Collections.synchronizedList(new ArrayList<>());

	private static final List<String> refusedByNetwork = Collections.synchronizedList(new ArrayList<>());

	private static final List<String> controlFired = Collections.synchronizedList(new ArrayList<>());

	private static final List<String> controlDefused = Collections.synchronizedList(new ArrayList<>());

	/**
	 * Set when the URLDNS probe ran: its trigger is not refused (SECURITY.md §6), so it
	 * is not among the chains.
	 */
	private static volatile String urlDns = "";

	/**
	 * How a chain's control must end: it fires, or the JDK has defused it (with the
	 * reason).
	 */
	enum Control {

		FIRES, DEFUSED_BY_JDK

	}

	/**
	 * One chain. {@code gadgets}: deny-listed classes of the chain, one of which the
	 * refusal must name; {@code templatesImpl}: its sink is a TemplatesImpl translet,
	 * reachable only with {@link #XALAN_EXPORT}; {@code withoutExport}: for those, what
	 * ALLOW_ALL in a receiver without the export must report (the marker never appears
	 * there).
	 */
	record Chain(String name, String library, Function<Path, Object> build, Set<String> gadgets, boolean templatesImpl,
			String withoutExport) {

		@Override
		public String toString() {
			return this.name + " (" + this.library + ")";
		}

	}

	static Stream<Chain> chains() {
		String cc = "org.apache.commons.collections.";
		String cc4 = "org.apache.commons.collections4.";
		return Stream.of(
				new Chain("CommonsCollections5", "commons-collections 3.2.1", GadgetChains::commonsCollections5,
						Set.of("javax.management.BadAttributeValueExpException", cc + "keyvalue.TiedMapEntry",
								cc + "map.LazyMap", cc + "functors.ChainedTransformer"),
						false, null),
				new Chain("CommonsCollections6", "commons-collections 3.2.1", GadgetChains::commonsCollections6,
						Set.of(cc + "keyvalue.TiedMapEntry", cc + "map.LazyMap", cc + "functors.ChainedTransformer"),
						false, null),
				new Chain("CommonsCollections7", "commons-collections 3.2.1", GadgetChains::commonsCollections7,
						Set.of(cc + "map.LazyMap", cc + "functors.ChainedTransformer"), false, null),
				new Chain("CommonsCollections3", "commons-collections 3.2.1 + JDK TemplatesImpl",
						GadgetChains::commonsCollections3,
						Set.of(cc + "keyvalue.TiedMapEntry", cc + "map.LazyMap", cc + "functors.ChainedTransformer",
								cc + "functors.InstantiateTransformer"),
						true,
						"InstantiateTransformer cannot access class " + TRAX_FILTER + " (in module java.xml) because "
								+ NOT_EXPORTED),
				new Chain("CommonsCollections2", "commons-collections4 4.0 + JDK TemplatesImpl",
						GadgetChains::commonsCollections2,
						Set.of(cc4 + "comparators.TransformingComparator", cc4 + "functors.InvokerTransformer"), true,
						"InvokerTransformer: The method 'newTransformer' on 'class " + TEMPLATES_IMPL
								+ "' cannot be accessed"),
				new Chain("CommonsCollections4", "commons-collections4 4.0 + JDK TemplatesImpl",
						GadgetChains::commonsCollections4,
						Set.of(cc4 + "comparators.TransformingComparator", cc4 + "functors.ChainedTransformer",
								cc4 + "functors.InstantiateTransformer"),
						true,
						"InstantiateTransformer cannot access class " + TRAX_FILTER + " (in module java.xml) because "
								+ NOT_EXPORTED),
				new Chain("CommonsBeanutils1", "commons-beanutils 1.9.2 + JDK TemplatesImpl",
						GadgetChains::commonsBeanutils1, Set.of("org.apache.commons.beanutils.BeanComparator"), true,
						"PropertyUtilsBean cannot access class " + TEMPLATES_IMPL + " (in module java.xml) because "
								+ NOT_EXPORTED));
	}

	@BeforeAll
	static void startReceivers() {
		List<Path> libraries = vulnerableLibraries();
		plain = RemoteJvm.start(List.of(), libraries);
		exported = RemoteJvm.start(List.of(XALAN_EXPORT), libraries);
		assertThat(plain.hasClass("org.apache.commons.collections.functors.InvokerTransformer")).isTrue();
		assertThat(plain.hasClass("org.apache.commons.collections4.functors.InvokerTransformer")).isTrue();
		assertThat(plain.hasClass("org.apache.commons.beanutils.BeanComparator")).isTrue();
		assertThat(plain.hasClass("com.example.fixtures.gadgets.ReceiverTasks")).isFalse();
	}

	@AfterAll
	static void stopReceiversAndReport() {
		try {
			if (plain != null) {
				plain.close();
			}
		}
		finally {
			if (exported != null) {
				exported.close();
			}
		}
		String summary = "GADGET CHAINS (JDK " + JDK + "): " + tried.size() + " tried, " + refusedByDefault.size()
				+ " refused by the default unpickler, " + refusedByNetwork.size() + " refused by the network gates, "
				+ "no marker under either; control with ClassFilter.ALLOW_ALL: " + controlFired.size() + " fired"
				+ (controlDefused.isEmpty() ? ""
						: ", " + controlDefused.size() + " defused by the JDK " + controlDefused)
				+ ". Tried: " + tried + urlDns;
		System.out.println(summary);
		assertThat(refusedByDefault).as(summary).containsExactlyInAnyOrderElementsOf(tried);
		assertThat(refusedByNetwork).as(summary).containsExactlyInAnyOrderElementsOf(tried);
		assertThat(controlFired.size() + controlDefused.size()).as("every chain's control ran: " + summary)
			.isEqualTo(tried.size());
		if (tried.contains(NESTED) && tried.size() > 1) {
			// the whole class ran (not a single test picked by a filter)
			assertThat(tried).as(summary).hasSize(DOCUMENTED_CHAINS);
			// SECURITY.md: "8 gadget chains tried and refused ... ALLOW_ALL fire 7 of the
			// 8; CommonsCollections5's trigger is defused by the JDK itself"
			assertThat(controlFired).as(summary).hasSize(DOCUMENTED_FIRED);
			assertThat(controlDefused).as(summary).singleElement().asString().startsWith("CommonsCollections5: ");
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("chains")
	void theDefaultAndNetworkReceiversRefuseTheChainAndOnlyAllowAllFiresIt(Chain chain) throws Exception {
		Path marker = markers.resolve(chain.name() + ".marker");
		byte[] payload = pickleWithoutFiring(chain.build().apply(marker), marker);
		RemoteJvm receiver = chain.templatesImpl() ? exported : plain;
		tried.add(chain.name());

		String named = assertRefused(chain.name(), receiver, payload, chain.gadgets(), marker);
		String line = "[gadget chain] " + chain + ": default and network receivers refused it (" + named + ")";

		if (chain.templatesImpl()) {
			// without the export the JDK blocks the sink: even ALLOW_ALL cannot fire it
			// (a second marker, so the
			// control below starts clean)
			Path blocked = markers.resolve(chain.name() + "-no-export.marker");
			byte[] same = pickleWithoutFiring(chain.build().apply(blocked), blocked);
			String outcome = load(plain, same, Receiver.ALLOW_ALL);
			assertThat(outcome).as(chain + " with ALLOW_ALL in a receiver without " + XALAN_EXPORT)
				.startsWith("PickleException: ")
				.contains(chain.withoutExport());
			assertThat(blocked).as(chain + " fired without the export").doesNotExist();
			line += "; ALLOW_ALL without the export: sink blocked by the JDK (" + chain.withoutExport() + ")";
		}

		Control expected = expectedControl(chain);
		String control = load(receiver, payload, Receiver.ALLOW_ALL);
		if (expected == Control.FIRES) {
			assertThat(marker)
				.as(chain + ": the control (ALLOW_ALL) must have fired the chain when it answered; it reported: "
						+ control)
				.exists();
			controlFired.add(chain.name());
			line += "; ALLOW_ALL" + (chain.templatesImpl() ? " with the export" : "") + ": FIRED (marker created)";
		}
		else {
			// CommonsCollections5 on a JDK with JDK-8019292:
			// BadAttributeValueExpException.val is a String and
			// readObject replaces any other value by "identityHashCode@className" instead
			// of calling toString()
			assertThat(control).as(chain + " control")
				.isEqualTo("loaded: " + BadAttributeValueExpException.class.getName());
			assertThat(marker).as(chain + " fired although the JDK defuses its trigger").doesNotExist();
			controlDefused.add(chain.name() + ": BadAttributeValueExpException.readObject no longer calls toString"
					+ " (JDK-8019292)");
			line += "; ALLOW_ALL: loads, does not fire: this JDK's BadAttributeValueExpException.readObject no longer"
					+ " calls toString (JDK-8019292)";
		}
		System.out.println(line);
	}

	private static Control expectedControl(Chain chain) throws NoSuchFieldException {
		if (chain.name().equals("CommonsCollections5")) {
			Class<?> val = BadAttributeValueExpException.class.getDeclaredField("val").getType();
			return (val == String.class) ? Control.DEFUSED_BY_JDK : Control.FIRES;
		}
		return Control.FIRES;
	}

	/**
	 * A payload whose only gadget names are inside a Java serialization stream: a
	 * {@code JDK} record (docs/FORMAT.md) holding CommonsCollections6 as plain Java
	 * serialization (ysoserial's output format, every object inline), with an empty class
	 * table. The reader resolves the stream's classes through the same gates.
	 */
	@Test
	void aGadgetChainHiddenInANestedJavaSerializationStreamIsRefused() throws Exception {
		String name = NESTED;
		Path marker = markers.resolve("nested-jdk-stream.marker");
		Object chain = GadgetChains.commonsCollections6(marker);
		byte[] stream = GadgetChains.javaSerialized((Serializable) chain);
		ByteSink graph = new ByteSink(stream.length + 16);
		graph.writeByte(21); // JDK record
		graph.writeBlob(stream);
		graph.writeVarInt(0); // no handles
		graph.writeVarInt(0); // no JShell variables
		byte[] payload = Generated.payload(Map.of(), new String[0], graph.toByteArray());
		assertThat(marker).as("building the chain fired it").doesNotExist();
		tried.add(name);

		String named = assertRefused(name, plain, payload,
				Set.of("org.apache.commons.collections.keyvalue.TiedMapEntry"), marker);

		String control = load(plain, payload, Receiver.ALLOW_ALL);
		assertThat(marker).as("the control (ALLOW_ALL) must fire the nested chain; it reported: " + control).exists();
		controlFired.add(name);
		System.out.println("[gadget chain] " + name + ": default and network receivers refused it (" + named
				+ "); ALLOW_ALL: FIRED (marker created)");
	}

	/**
	 * URLDNS's trigger is not refused: {@code java.net.URL} and {@code HashMap} are
	 * ordinary values, so neither the default nor the network receiver can tell a probe
	 * from data, and rebuilding the map recomputes the URL's hash code through its
	 * protocol handler (for {@code http}: a DNS lookup of an attacker-chosen host).
	 * SECURITY.md §6 documents this; the test keeps the statement true. The probe uses a
	 * {@code cpmarker:} URL whose handler on the receiver creates a file instead of
	 * resolving a host, so no network is needed.
	 */
	@Test
	void theUrlDnsTriggerIsNotRefusedAsDocumented() throws Exception {
		Path handlerDir = markers.resolve("url-handler-classpath");
		String handler = "com/example/fixtures/gadgets/urlprobe/cpmarker/Handler.class";
		Files.createDirectories(handlerDir.resolve(handler).getParent());
		Files.copy(testClassesDir().resolve(handler), handlerDir.resolve(handler));
		try (RemoteJvm receiver = RemoteJvm.start(
				List.of("-Djava.protocol.handler.pkgs=com.example.fixtures.gadgets.urlprobe"), List.of(handlerDir))) {
			for (Receiver kind : Receiver.values()) {
				Path marker = markers.resolve("urldns-" + kind + ".marker");
				byte[] payload = pickleWithoutFiring(GadgetChains.urlDnsProbe(marker), marker);
				assertThat(load(receiver, payload, kind)).as(kind.name()).isEqualTo("loaded: java.util.HashMap");
				assertThat(marker).as(kind + ": the receiver rehashed the URL through its protocol handler").exists();
			}
		}
		urlDns = ". Not counted: the URLDNS-style trigger (HashMap key java.net.URL) is not refused and reaches the"
				+ " receiver's URLStreamHandler.hashCode under every receiver, as SECURITY.md §6 documents";
		System.out.println("[gadget chain] URLDNS-style trigger: NOT refused by the default or network receivers"
				+ " (java.net.URL and HashMap are ordinary values); URLStreamHandler.hashCode ran on the receiver");
	}

	// ---- helpers ----

	/**
	 * Pickles {@code graph} with the permissive sender and checks that neither building
	 * nor pickling fired it.
	 */
	private static byte[] pickleWithoutFiring(Object graph, Path marker) {
		byte[] payload = PERMISSIVE.dumps(graph);
		assertThat(marker).as("building or pickling the chain fired it in the test JVM").doesNotExist();
		return payload;
	}

	/**
	 * Checks that both refusing receivers refuse, and that the marker stays absent;
	 * returns the class they named.
	 */
	private static String assertRefused(String name, RemoteJvm receiver, byte[] payload, Set<String> gadgets,
			Path marker) {
		String byDefault = load(receiver, payload, Receiver.DEFAULT);
		String named = assertGadgetRefusal(name + " / default unpickler", byDefault, gadgets);
		refusedByDefault.add(name);
		String byNetwork = load(receiver, payload, Receiver.NETWORK);
		assertGadgetRefusal(name + " / network receiver", byNetwork, gadgets);
		refusedByNetwork.add(name);
		assertThat(marker).as(name + ": a refusing receiver fired the chain").doesNotExist();
		return named;
	}

	/**
	 * The refusal names a class of the chain and its deny-list entry; returns that class.
	 */
	private static String assertGadgetRefusal(String what, String outcome, Set<String> gadgets) {
		assertThat(outcome).as(what)
			.startsWith("PickleException: ")
			.contains("known deserialization gadget")
			.containsPattern("gadget deny-list entry [\\w.$*]+\\)");
		assertThat(gadgets).as(what + " must name a class of the chain: " + outcome)
			.anyMatch((gadget) -> outcome.contains("class " + gadget + " is "));
		return gadgets.stream()
			.filter((gadget) -> outcome.contains("class " + gadget + " is "))
			.findFirst()
			.orElseThrow();
	}

	private static String load(RemoteJvm receiver, byte[] payload, Receiver kind) {
		return (String) receiver.call(TASKS.dumps(ReceiverTasks.load(payload, kind)));
	}

	/**
	 * The jars of the vulnerable libraries (and commons-logging, which beanutils needs)
	 * on this JVM's class path.
	 */
	private static List<Path> vulnerableLibraries() {
		List<Path> jars = new ArrayList<>();
		for (String type : List.of("org.apache.commons.collections.functors.InvokerTransformer",
				"org.apache.commons.collections4.functors.InvokerTransformer",
				"org.apache.commons.beanutils.BeanComparator", "org.apache.commons.logging.LogFactory")) {
			try {
				Path jar = Paths.get(Class.forName(type, false, GadgetChainTest.class.getClassLoader())
					.getProtectionDomain()
					.getCodeSource()
					.getLocation()
					.toURI());
				if (!jars.contains(jar)) {
					jars.add(jar);
				}
			}
			catch (ClassNotFoundException | URISyntaxException ex) {
				throw new IllegalStateException("test class path lacks " + type, ex);
			}
		}
		return jars;
	}

	private static Path testClassesDir() throws IOException {
		String configured = System.getProperty("cloudpickle.test.testClasses");
		if (configured != null && !configured.isBlank()) {
			return Paths.get(configured);
		}
		try {
			return Paths.get(GadgetChainTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (URISyntaxException ex) {
			throw new IOException(ex);
		}
	}

}
