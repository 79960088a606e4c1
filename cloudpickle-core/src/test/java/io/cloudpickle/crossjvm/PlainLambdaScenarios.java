package io.cloudpickle.crossjvm;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import com.acme.analytics.plain.PlainLambdas;
import com.acme.analytics.plain.Scaler;
import com.acme.analytics.plain.Shapes;
import com.acme.analytics.plain.Tasks;
import io.cloudpickle.CloudPickle;
import io.cloudpickle.Pickler;
import io.cloudpickle.testing.PerClassRemoteJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of plain lambda, pickled in this JVM, shipped by value and run in a child
 * JVM that has neither the classes nor any flag or agent. Subclasses run them by one path
 * each: the agent, or {@code --add-opens java.base/java.lang=ALL-UNNAMED}.
 */
public abstract class PlainLambdaScenarios {

	@RegisterExtension
	protected static final PerClassRemoteJvm child = new PerClassRemoteJvm();

	protected static final Pickler pickler = Pickler.builder().byValuePackages("com.acme.analytics.plain").build();

	protected static Object remote(Object task) {
		return child.call(pickler.dumps(task));
	}

	@SuppressWarnings("unchecked")
	private static <T, R> R applyRemotely(Function<T, R> f, T x) {
		return (R) remote(new Tasks.Apply<>(f, x));
	}

	@Test
	public void twoLambdasOfTheSameShapeEachRunTheirOwnCode() {
		assertThat((Integer) applyRemotely(PlainLambdas.times(3), 10)).isEqualTo(30);
		assertThat((Integer) applyRemotely(PlainLambdas.timesPlusOne(3), 10)).isEqualTo(31);
	}

	@Test
	public void methodReferencesToJdkMethodsAndConstructors() {
		assertThat((Integer) applyRemotely(PlainLambdas.length(), "four")).isEqualTo(4);
		assertThat((String) applyRemotely(PlainLambdas.prefix("re-"), "mote")).isEqualTo("re-mote");
		assertThat(remote(new Tasks.ApplyInts(PlainLambdas.max(), 3, 9))).isEqualTo(9);
		assertThat(remote(new Tasks.Get<>(PlainLambdas.newList()))).isEqualTo(List.of());
		assertThat(remote(new Tasks.Get<>(PlainLambdas.hello()))).isEqualTo("hello");
	}

	@Test
	public void nestedLambdasAndLambdasCapturingLambdas() {
		assertThat((Integer) applyRemotely(PlainLambdas.composed(1, 10), 4)).isEqualTo(50);
		assertThat((Integer) applyRemotely(PlainLambdas.mixed(1), 4)).isEqualTo(10);
		@SuppressWarnings("unchecked")
		Supplier<Integer> inner = (Supplier<Integer>) applyRemotely(PlainLambdas.nested(5), 4);
		assertThat(inner.get()).isEqualTo(9);
	}

	@Test
	public void lambdasCapturingThisAndInterfaces() {
		assertThat((Integer) applyRemotely(new Scaler(7).scale(), 3)).isEqualTo(21);
		assertThat((Integer) applyRemotely(new Scaler(7).scaleByMethodReference(), 3)).isEqualTo(22);
		assertThat((Integer) applyRemotely(Shapes.square(), 9)).isEqualTo(81);
		assertThat((Integer) applyRemotely(Shapes.withOffset(100).plusOffset(), 1)).isEqualTo(101);
	}

	@Test
	public void plainLambdasInsideRecordsListsAndByValueClasses() {
		Tasks.Pipeline pipeline = new Tasks.Pipeline(List.of(new Tasks.Step("double", PlainLambdas.times(2)),
				new Tasks.Step("scale", new Scaler(3).scale()), new Tasks.Step("square", Shapes.square())), 5);
		assertThat(remote(pipeline)).isEqualTo(900);
		assertThat(remote(new Tasks.Holder(PlainLambdas.prefix("<"), "x"))).isEqualTo("<x");
		@SuppressWarnings("unchecked")
		Function<Integer, Integer> adder = (Function<Integer, Integer>) remote(new Tasks.MakeAdder(5));
		assertThat(adder.apply(1)).isEqualTo(6);
	}

	@Test
	public void aPlainLambdaTravelsOnwardFromTheReceiver() {
		byte[] back = child.echo(pickler.dumps(PlainLambdas.times(4)));
		@SuppressWarnings("unchecked")
		Function<Integer, Integer> f = (Function<Integer, Integer>) CloudPickle.loads(back);
		assertThat(f.apply(5)).isEqualTo(20);
	}

}
