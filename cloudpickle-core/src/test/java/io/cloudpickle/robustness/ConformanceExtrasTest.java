package io.cloudpickle.robustness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.example.fixtures.Task;
import com.example.fixtures.graph.Color;
import com.example.fixtures.graph.Shape;
import com.example.fixtures.hooks.Holder;
import com.example.fixtures.late.LateTask;
import com.example.fixtures.robust.VersionTasks;
import io.cloudpickle.ClassFilter;
import io.cloudpickle.CloudPickle;
import io.cloudpickle.PickleException;
import io.cloudpickle.PickleInput;
import io.cloudpickle.PickleOutput;
import io.cloudpickle.Pickler;
import io.cloudpickle.TypeCodec;
import io.cloudpickle.testing.PerClassRemoteJvm;
import io.cloudpickle.testing.RemoteFailure;
import io.cloudpickle.testing.ShippedBundle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.objectweb.asm.Opcodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Behaviours that need their own set-up: a registry updated after start-up is honoured,
 * custom codecs, and a changed class under the same name is a new class beside the old
 * one (no stale cache).
 */
class ConformanceExtrasTest {

	private static final String VERSIONED = "com.example.fixtures.gen.Versioned";

	@RegisterExtension
	static final PerClassRemoteJvm child = new PerClassRemoteJvm();

	private static Pickler pickler;

	@BeforeAll
	static void start() {
		pickler = Pickler.builder().byValuePackages("com.example.fixtures").build();
	}

	@Test
	void registryChangesAfterStartUpAreHonouredByTheDefaultPickler() throws Exception {
		String pkg = "com.example.fixtures.late";
		Callable<String> task = LateTask.task("hi");
		CloudPickle.dumps("warm the default pickler up");
		assertThat(CloudPickle.listRegistryPickleByValue()).doesNotContain(pkg);
		byte[] before = CloudPickle.dumps(task);
		assertThatThrownBy(() -> child.call(before)).isInstanceOf(RemoteFailure.class).hasMessageContaining(pkg);
		CloudPickle.registerPickleByValue(pkg);
		try {
			assertThat(CloudPickle.listRegistryPickleByValue()).contains(pkg);
			assertThat(child.call(CloudPickle.dumps(task))).isEqualTo("hi from " + LateTask.class.getName());
		}
		finally {
			CloudPickle.unregisterPickleByValue(pkg);
		}
		assertThat(CloudPickle.listRegistryPickleByValue()).doesNotContain(pkg);
		byte[] after = CloudPickle.dumps(task);
		assertThatThrownBy(() -> child.call(after)).isInstanceOf(RemoteFailure.class).hasMessageContaining(pkg);
	}

	@Test
	void aCustomCodecIsUsedOnBothSides() {
		AtomicInteger writes = new AtomicInteger();
		AtomicInteger reads = new AtomicInteger();
		TypeCodec<Shape> codec = new TypeCodec<>() {
			@Override
			public void write(Shape value, PickleOutput out) {
				writes.incrementAndGet();
				out.writeString(value.kind());
				out.writeDouble(value.area());
				out.writeObject(value.color());
			}

			@Override
			public Shape read(PickleInput in) {
				reads.incrementAndGet();
				return new Shape("codec:" + in.readString(), in.readDouble(), (Color) in.readObject());
			}
		};
		Pickler withCodec = Pickler.builder().codec(Shape.class, codec).build();
		Shape s = new Shape("sq", 4.0, Color.GREEN);
		@SuppressWarnings("unchecked")
		List<Shape> back = (List<Shape>) withCodec.loads(withCodec.dumps(List.of(s, s)));
		assertThat(back.get(0)).isEqualTo(new Shape("codec:sq", 4.0, Color.GREEN));
		assertThat(back.get(1)).as("shared reference kept through the codec").isSameAs(back.get(0));
		assertThat(writes.get()).isEqualTo(1);
		assertThat(reads.get()).isEqualTo(1);
	}

	/**
	 * TypeCodec's contract: a cycle leading back to the object being read through a codec
	 * is a PickleException.
	 */
	@Test
	void aCycleBackIntoACodecObjectIsRefusedWithAPickleException() {
		TypeCodec<Holder> codec = new TypeCodec<>() {
			@Override
			public void write(Holder value, PickleOutput out) {
				out.writeObject(value.pin());
			}

			@Override
			public Holder read(PickleInput in) {
				return new Holder(in.readObject());
			}
		};
		Pickler withCodec = Pickler.builder().useGlobalRegistry(false).codec(Holder.class, codec).build();
		List<Object> loop = new ArrayList<>();
		Holder h = new Holder(loop);
		loop.add(h);
		assertThatThrownBy(() -> withCodec.loads(withCodec.dumps(h))).isInstanceOf(PickleException.class)
			.hasMessageContaining("cycle back into an object");
	}

	/**
	 * Two different class files under one name in one graph: the sender refuses clearly,
	 * naming the class (one payload ships one class per name), rather than merging them
	 * into one version.
	 */
	@Test
	void theSenderRefusesTwoVersionsOfOneClassNameInOnePayload() throws Exception {
		Object v1 = GeneratedClass.instance(VERSIONED, Opcodes.V17, Opcodes.V17, "v1");
		Object v2 = GeneratedClass.instance(VERSIONED, Opcodes.V17, Opcodes.V17, "v2");
		Object v1Again = GeneratedClass.instance(VERSIONED, Opcodes.V17, Opcodes.V17, "v1");
		assertThat(v1.getClass()).isNotSameAs(v1Again.getClass());
		Task<List<Object>> task = VersionTasks.both((Supplier<?>) v1, (Supplier<?>) v2, (Supplier<?>) v1Again);
		assertThatThrownBy(() -> pickler.dumps(task)).isInstanceOf(PickleException.class)
			.hasMessageStartingWith("the graph holds two different classes named " + VERSIONED);
	}

	/**
	 * The same bytes from two sender loaders are one class on the sender's side of the
	 * check above: the graph pickles, and the child makes them one class (identity by
	 * content hash).
	 */
	@Test
	void twoLoadersOfTheSameClassFileAreOneClassInTheChild() throws Exception {
		Object v1 = GeneratedClass.instance(VERSIONED, Opcodes.V17, Opcodes.V17, "v1");
		Object v1Again = GeneratedClass.instance(VERSIONED, Opcodes.V17, Opcodes.V17, "v1");
		Task<List<Object>> task = VersionTasks.both((Supplier<?>) v1, (Supplier<?>) v1Again, (Supplier<?>) v1);
		assertThat(child.call(pickler.dumps(task))).isEqualTo(Arrays.asList("v1", "v1", true, true, true));
	}

	/**
	 * The receiver on its own, for a payload the sender above would not write: one that
	 * ships two class files under one name is corrupt.
	 */
	@Test
	void theChildRefusesAPayloadShippingOneClassNameTwice() throws Exception {
		byte[] v1 = pickler.dumps(GeneratedClass.instance(VERSIONED, Opcodes.V17, Opcodes.V17, "v1"));
		byte[] v2 = pickler.dumps(GeneratedClass.instance(VERSIONED, Opcodes.V17, Opcodes.V17, "v2"));
		byte[] both = ShippedBundle.of(v1).withClassesOf(v2);
		assertThat(ShippedBundle.of(both).entries()).extracting(ShippedBundle.Entry::name)
			.containsExactly(VERSIONED, VERSIONED);
		assertThatThrownBy(() -> child.call(both)).isInstanceOfSatisfying(RemoteFailure.class, f -> {
			assertThat(f.remoteExceptionClass()).isEqualTo(PickleException.class.getName());
			assertThat(f.remoteMessage()).isEqualTo("payload is corrupt: class " + VERSIONED + " is shipped twice");
		});
	}

	@Test
	void twoVersionsOfOneClassNameInTwoPayloadsLiveSideBySideInOneChild() throws Exception {
		byte[] v1 = pickler.dumps(GeneratedClass.instance(VERSIONED, Opcodes.V17, Opcodes.V17, "v1"));
		byte[] v2 = pickler.dumps(GeneratedClass.instance(VERSIONED, Opcodes.V17, Opcodes.V17, "v2"));
		assertThat(child.call(pickler.dumps(VersionTasks.bothFromPayloads(v1, v2, v1))))
			.isEqualTo(Arrays.asList("v1", "v2", false, true, true));
	}

	@Test
	void anUpdatedDefinitionIsUsedRemotelyWithNoStaleCache() throws Exception {
		byte[] v1 = pickler.dumps(GeneratedClass.instance(VERSIONED, Opcodes.V17, Opcodes.V17, "first"));
		byte[] v2 = pickler.dumps(GeneratedClass.instance(VERSIONED, Opcodes.V17, Opcodes.V17, "second"));
		assertThat(child.call(v1)).isEqualTo("first");
		assertThat(child.call(v2)).isEqualTo("second");
		assertThat(child.call(v1)).isEqualTo("first");
	}

	@Test
	void aByValueClassRefusedByTheReceiversFilterIsAPickleException() throws Exception {
		Pickler strict = Pickler.builder().classFilter(new ClassFilter() {
			@Override
			public boolean allowByReference(String className) {
				return true;
			}

			@Override
			public boolean allowByValue(String className) {
				return !className.startsWith("com.example.fixtures.gen.");
			}
		}).build();
		byte[] payload = pickler.dumps(GeneratedClass.instance(VERSIONED, Opcodes.V17, Opcodes.V17, "x"));
		assertThatThrownBy(() -> strict.loads(payload)).isInstanceOf(PickleException.class)
			.hasMessageContaining(VERSIONED);
	}

}
