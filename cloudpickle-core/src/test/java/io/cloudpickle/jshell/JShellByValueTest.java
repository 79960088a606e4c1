package io.cloudpickle.jshell;

import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.example.fixtures.jshell.Inspect;
import io.cloudpickle.CloudPickle;
import io.cloudpickle.Pickler;
import io.cloudpickle.testing.JShellSnippets;
import io.cloudpickle.testing.PerClassRemoteJvm;
import io.cloudpickle.testing.ShippedBundle;
import jdk.jshell.JShell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Classes defined in JShell (real {@code jdk.jshell} API, local execution) travel by
 * value without any registration. Pickled inside JShell with {@code CloudPickle.dumps},
 * loaded and run in a child JVM that has only cloudpickle-core. On JDK 25 local execution
 * also ships {@code REPL.$Cancel$} (stop checks in snippet code). A class redefined in
 * JShell is a new class on the receiver, with no stale cache.
 */
class JShellByValueTest {

	private static JShell jshell;

	@RegisterExtension
	static final PerClassRemoteJvm child = new PerClassRemoteJvm();

	/** Only used to pickle the fixture tasks that wrap JShell payloads. */
	private static Pickler fixtures;

	@BeforeAll
	static void start() throws Exception {
		fixtures = Pickler.builder().byValuePackages("com.example.fixtures").build();
		jshell = JShell.builder().executionEngine("local").build();
		JShellSnippets.addEngineToClassPath(jshell);
		eval("import java.util.*;");
		eval("import java.util.function.*;");
		eval("import java.util.concurrent.Callable;");
		eval("import java.io.Serializable;");
		eval("import io.cloudpickle.CloudPickle;");
		eval("class Foo { int f(int x) { return x * 2; } }");
		eval("record Point(int x, int y) { int sum() { return x + y; } }");
		eval("enum Color { RED, GREEN { @Override String hex() { return \"#0f0\"; } }, BLUE; "
				+ "String hex() { return \"?\" + name(); } }");
		eval("Function<Integer, Integer> fn = (Function<Integer, Integer> & Serializable) x -> new Foo().f(x) + 1;");
		eval("String b64(Object o) { return Base64.getEncoder().encodeToString(CloudPickle.dumps(o)); }");
	}

	@AfterAll
	static void stop() {
		if (jshell != null) {
			jshell.close();
		}
	}

	private static String eval(String source) {
		return JShellSnippets.eval(jshell, source);
	}

	/** Pickles the value of a JShell expression inside JShell and returns the payload. */
	private static byte[] dumpsInJShell(String expression) {
		String quoted = eval("b64(" + expression + ")");
		assertThat(quoted).startsWith("\"").endsWith("\"");
		return Base64.getDecoder().decode(quoted.substring(1, quoted.length() - 1));
	}

	@Test
	void jshellClassesReallyAreJShellClasses() {
		assertThat(eval("Foo.class.getName().replace('$', '#')")).startsWith("\"REPL.#JShell#");
		assertThat(eval("Foo.class.getClassLoader().getClass().getName()")).contains("jdk.jshell");
		assertThat(CloudPickle.listRegistryPickleByValue()).doesNotContain("REPL");
	}

	/**
	 * JDK 25's local execution engine compiles stop checks into snippet code, calls to
	 * the class {@code REPL.$Cancel$}; a JShell payload must ship it by value, or the
	 * child could not run the lambda. Older JDKs have no such class.
	 */
	@Test
	void onJdk25TheCancelClassTravelsWithTheSnippetClassesAndBeforeItDoesNot() {
		byte[] payload = dumpsInJShell("fn");
		List<String> shipped = ShippedBundle.of(payload)
			.entries()
			.stream()
			.map(ShippedBundle.Entry::name)
			.collect(Collectors.toList());
		assertThat(shipped).as("classes shipped by a JShell lambda").anyMatch((name) -> name.endsWith("$Foo"));
		if (Runtime.version().feature() >= 25) {
			assertThat(shipped).contains("REPL.$Cancel$");
		}
		else {
			assertThat(shipped).noneMatch((name) -> name.contains("Cancel"));
		}
		List<?> result = (List<?>) child.call(fixtures.dumps(Inspect.apply(payload, 10)));
		assertThat(result.get(0)).isEqualTo(21);
	}

	@Test
	void jshellLambdaTravelsByValueWithoutRegistrationAndRunsInTheChild() {
		byte[] payload = dumpsInJShell("fn");
		assertThat(child.hasClass("REPL.$JShell$1$Foo")).isFalse();
		List<?> result = (List<?>) child.call(fixtures.dumps(Inspect.apply(payload, 10)));
		assertThat(result.get(0)).isEqualTo(21);
		assertThat(result.get(1)).as("lambda class name starts with REPL.").isEqualTo(true);
		assertThat((String) result.get(2)).doesNotContain("jdk.jshell");
	}

	@Test
	void jshellCallableCapturingJShellObjectsRunsDirectlyInTheChild() {
		eval("Callable<Object> makeTask(Function<Integer, Integer> f, Point p) { "
				+ "return (Callable<Object> & Serializable) () -> List.of(f.apply(10), p.sum(), Color.GREEN.hex(), "
				+ "Color.RED.hex(), new Foo().getClass().getName().startsWith(\"REPL.\"), p.toString()); }");
		byte[] payload = dumpsInJShell("makeTask(fn, new Point(3, 4))");
		assertThat(child.call(payload)).isEqualTo(List.of(21, 7, "#0f0", "?RED", true, "Point[x=3, y=4]"));
	}

	@Test
	void jshellRecordInstanceTravels() {
		byte[] payload = dumpsInJShell("new Point(3, 4)");
		@SuppressWarnings("unchecked")
		List<Object> result = (List<Object>) child.call(fixtures.dumps(Inspect.record(payload)));
		assertThat((String) result.get(0)).startsWith("REPL.$JShell$").endsWith("$Point");
		assertThat(result.subList(1, result.size()))
			.isEqualTo(List.of(true, "Point[x=3, y=4]", "x=3", "y=4", 7, true, true));
	}

	@Test
	void jshellEnumConstantsKeepIdentityAndConstantBodies() {
		byte[] payload = dumpsInJShell("List.of(Color.RED, Color.GREEN, Color.RED)");
		@SuppressWarnings("unchecked")
		List<Object> result = (List<Object>) child.call(fixtures.dumps(Inspect.enums(payload)));
		assertThat((String) result.get(0)).startsWith("REPL.$JShell$").endsWith("$Color");
		assertThat(result.subList(1, result.size())).isEqualTo(List.of(true, true, true, true, 3, "?RED", "#0f0", 1));
	}

	@Test
	void jshellPayloadAlsoLoadsInThisJvm() {
		byte[] payload = dumpsInJShell("fn");
		@SuppressWarnings("unchecked")
		Function<Integer, Integer> f = (Function<Integer, Integer>) CloudPickle.loads(payload);
		assertThat(f.apply(20)).isEqualTo(41);
		assertThat(f.getClass().getName()).startsWith("REPL.");
	}

	/**
	 * A → B → C: the child re-pickles the JShell lambda it received, and this JVM loads
	 * and runs the result from the bytes the child shipped (as copies: by default this
	 * JVM would recognise its own JShell classes coming home).
	 */
	@Test
	void theChildCanRePickleJShellClassesOnward() {
		byte[] onward = child.echo(dumpsInJShell("fn"));
		@SuppressWarnings("unchecked")
		Function<Integer, Integer> f = (Function<Integer, Integer>) Pickler.builder()
			.returnOwnClasses(false)
			.build()
			.loads(onward);
		assertThat(f.apply(5)).isEqualTo(11);
		assertThat(f.getClass().getClassLoader().getClass().getName()).endsWith("ShippedClassLoader");
	}

	@Test
	void redefinedJShellClassIsANewClassAndOldPayloadsKeepTheOldCode() {
		byte[] before = dumpsInJShell("fn");
		eval("class Foo2 { int f(int x) { return x * 2; } }");
		eval("Function<Integer, Integer> g = (Function<Integer, Integer> & Serializable) x -> new Foo2().f(x) + 1;");
		byte[] gBefore = dumpsInJShell("g");
		eval("class Foo2 { int f(int x) { return x * 3; } }");
		eval("Function<Integer, Integer> g = (Function<Integer, Integer> & Serializable) x -> new Foo2().f(x) + 1;");
		byte[] gAfter = dumpsInJShell("g");
		assertThat(child.call(fixtures.dumps(Inspect.applyBoth(gBefore, gAfter, 10)))).isEqualTo(List.of(21, 31));
		// separately, in two calls of the same child: no stale cache
		assertThat(((List<?>) child.call(fixtures.dumps(Inspect.apply(gAfter, 10)))).get(0)).isEqualTo(31);
		assertThat(((List<?>) child.call(fixtures.dumps(Inspect.apply(gBefore, 10)))).get(0)).isEqualTo(21);
		assertThat(((List<?>) child.call(fixtures.dumps(Inspect.apply(before, 10)))).get(0)).isEqualTo(21);
	}

	/**
	 * A JShell top-level variable is a static field of a wrapper class. cloudpickle ships
	 * the values of the {@code __main__} globals a function reads; the JVM twin must ship
	 * the value too, or the child sees the default (0).
	 */
	/**
	 * Only the top-level variables a lambda reads travel: an unrelated variable holding a
	 * Thread must not be pickled; aliases of one object stay one object; top-level
	 * methods work.
	 */
	@Test
	void onlyTheJShellTopLevelVariablesALambdaReadsTravelAndAliasesStayShared() {
		eval("Thread unrelatedThread = new Thread();");
		eval("List<String> names = new ArrayList<>(List.of(\"a\", \"b\"));");
		eval("List<String> alias = names;");
		eval("int twice(int x) { return 2 * x; }");
		eval("Callable<Object> readsSome = (Callable<Object> & Serializable) () -> "
				+ "List.of(names.size(), names == alias, twice(names.size()), String.join(\"\", alias));");
		byte[] payload = dumpsInJShell("readsSome");
		assertThat(child.call(payload)).isEqualTo(List.of(2, true, 4, "ab"));
	}

	@Test
	void aJShellTopLevelVariableThatCannotTravelIsRefusedNamingIt() {
		eval("Thread workerThread = new Thread();");
		eval("Callable<Object> readsThread = (Callable<Object> & Serializable) () -> workerThread.getName();");
		eval("String tryDumps(Object o) { try { CloudPickle.dumps(o); return \"pickled\"; } "
				+ "catch (io.cloudpickle.PickleException e) { return e.getMessage(); } }");
		String outcome = eval("tryDumps(readsThread)");
		assertThat(outcome).contains("java.lang.Thread").contains("workerThread");
	}

	@Test
	void jshellTopLevelVariableReadByALambdaArrivesWithItsValue() {
		eval("int k = 5;");
		eval("Function<Integer, Integer> addK = (Function<Integer, Integer> & Serializable) x -> x + k;");
		byte[] payload = dumpsInJShell("addK");
		assertThat(((List<?>) child.call(fixtures.dumps(Inspect.apply(payload, 10)))).get(0)).isEqualTo(15);
	}

	/**
	 * Two payloads of the same JShell classes with different values of a top-level
	 * variable, both loaded before either runs (a server taking tasks concurrently): each
	 * task keeps the value it was sent with. Sharing the wrapper class between the two
	 * payloads would let the second load overwrite the first task's variable.
	 */
	@Test
	void payloadsOfTheSameJShellClassesKeepTheirOwnVariableValues() {
		eval("int m = 1;");
		eval("Function<Integer, Integer> addM = (Function<Integer, Integer> & Serializable) x -> x + m;");
		byte[] first = dumpsInJShell("addM");
		eval("m = 2;");
		byte[] second = dumpsInJShell("addM");
		assertThat(child.call(fixtures.dumps(Inspect.applyBoth(first, second, 10)))).isEqualTo(List.of(11, 12));
	}

}
