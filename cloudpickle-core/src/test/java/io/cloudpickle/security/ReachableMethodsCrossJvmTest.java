package io.cloudpickle.security;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.example.fixtures.reach.ReachTasks;
import com.example.fixtures.reach.shipped.Counter;
import com.example.fixtures.reach.shipped.Jobs;
import com.example.fixtures.reach.shipped.Tool;

import io.cloudpickle.Pickler;
import io.cloudpickle.testing.PerClassRemoteJvm;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gated receiver in another JVM, which lacks the shipped classes, judges only the
 * methods a payload reaches: the innocent lambda of a class with forbidden methods loads
 * and runs; a lambda reaching a forbidden call, directly, through a chain of helpers or
 * through the static initialiser of a class it uses, is refused with the method and the
 * chain; a lambda that finds code by name makes every method count; an object's class is
 * judged as a whole.
 */
class ReachableMethodsCrossJvmTest {

	@RegisterExtension
	static final PerClassRemoteJvm child = new PerClassRemoteJvm();

	private static final Pickler TASKS = Pickler.builder()
		.returnOwnClasses(false)
		.byValuePackages("com.example.fixtures")
		.build();

	private static final Pickler SHIPPING = Pickler.builder()
		.returnOwnClasses(false)
		.useGlobalRegistry(false)
		.byValuePackages("com.example.fixtures.reach.shipped")
		.build();

	private static String receive(Object value, BytecodeLevel level) {
		return (String) child.call(TASKS.dumps(ReachTasks.receive(SHIPPING.dumps(value), level)));
	}

	@Test
	void theInnocentLambdaOfAClassWithForbiddenMethodsLoadsAndRuns() {
		assertThat(child.hasClass(Jobs.class.getName())).isFalse();
		for (BytecodeLevel level : List.of(BytecodeLevel.STANDARD, BytecodeLevel.STRICT)) {
			assertThat(receive(Jobs.innocent("child"), level)).as(level.name()).isEqualTo("ok: hello child");
		}
	}

	@Test
	void theForbiddenLambdaIsRefusedWithItsName() {
		assertThat(receive(Jobs.exits(), BytecodeLevel.STANDARD)).startsWith("refused: class " + Jobs.class.getName()
				+ " was shipped by value but its bytecode is refused (bytecode level STANDARD): method lambda$exits$")
			.containsPattern("method lambda\\$exits\\$[0-9a-f$]+\\(\\)Ljava/lang/String; calls or reads"
					+ " java.lang.System.exit \\(reached because a lambda of the payload\\)$");
	}

	@Test
	void aForbiddenCallReachedThroughHelpersIsRefusedWithTheChain() {
		assertThat(receive(Jobs.throughHelpers(), BytecodeLevel.STANDARD))
			.startsWith("refused: class " + Jobs.class.getName()
					+ " was shipped by value but its bytecode is refused (bytecode level STANDARD)")
			.containsPattern(
					"method lambda\\$throughHelpers\\$[0-9a-f$]+\\(\\)Ljava/lang/String; -> first\\(\\)Ljava/lang/String;"
							+ " -> second\\(I\\)Ljava/lang/String; calls or reads java.lang.Runtime.halt");
	}

	@Test
	void aLambdaThatFindsCodeByNameMakesEveryMethodCount() {
		assertThat(receive(Jobs.countsItsMethods(), BytecodeLevel.STANDARD))
			.startsWith("refused: class " + Jobs.class.getName() + " was shipped by value")
			.containsPattern("method lambda\\$countsItsMethods\\$[0-9a-f$]+\\(\\)Ljava/lang/String; -> ")
			.contains(" uses java.lang.Class.getDeclaredMethods, which finds code by name, so every method of the"
					+ " shipped classes counts)");
		assertThat(receive(Jobs.countsItsMethods(), BytecodeLevel.NONE)).startsWith("ok: methods: ");
	}

	@Test
	void aForbiddenCallInTheStaticInitialiserOfAClassALambdaUsesIsRefused() {
		assertThat(receive(Jobs.readsSettings(), BytecodeLevel.STANDARD)).startsWith(
				"refused: class com.example.fixtures.reach.shipped.Settings was shipped by value but its bytecode is refused")
			.contains(
					"method <clinit>()V calls or reads java.lang.System.exit (reached because a lambda of the payload");
	}

	@Test
	void aForbiddenCallInTheStaticInitialiserOfAnObjectsClassIsRefused() {
		assertThat(receive(new Counter(3), BytecodeLevel.STANDARD))
			.startsWith("refused: class " + Counter.class.getName() + " was shipped by value")
			.contains("method <clinit>()V calls or reads java.lang.Runtime.halt (reached because class "
					+ Counter.class.getName() + " is used by the payload");
	}

	@Test
	void anObjectWhoseClassHasAForbiddenInstanceMethodIsRefused() {
		assertThat(receive(new Tool("saw"), BytecodeLevel.NONE)).isEqualTo("ok: tool saw");
		assertThat(receive(new Tool("saw"), BytecodeLevel.STANDARD))
			.startsWith("refused: class " + Tool.class.getName() + " was shipped by value")
			.contains("method shutdown()V calls or reads java.lang.System.exit (reached because class "
					+ Tool.class.getName() + " is used by the payload");
	}

}
