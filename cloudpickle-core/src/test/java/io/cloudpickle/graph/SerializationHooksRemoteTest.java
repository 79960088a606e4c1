package io.cloudpickle.graph;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.text.SimpleDateFormat;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TimeZone;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

import com.example.fixtures.Task;
import com.example.fixtures.hooks.Account;
import com.example.fixtures.hooks.Envelope;
import com.example.fixtures.hooks.ExtPoint;
import com.example.fixtures.hooks.Grenade;
import com.example.fixtures.hooks.Holder;
import com.example.fixtures.hooks.HookTasks;
import com.example.fixtures.hooks.Money;
import com.example.fixtures.hooks.NoArgLess;
import com.example.fixtures.hooks.Planet;
import com.example.fixtures.hooks.SavingsAccount;
import com.example.fixtures.hooks.Singleton;
import com.example.fixtures.hooks.Temperature;
import com.example.fixtures.robust.RobustTasks;
import io.cloudpickle.PickleException;
import io.cloudpickle.testing.RemoteFailure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Java's serialization contract honoured for by-value classes, checked in a child JVM
 * that lacks them, including readResolve singletons and hooks that throw (the original
 * exception surfaces). Neither JVM runs with {@code --add-opens}.
 */
class SerializationHooksRemoteTest extends FixtureChildTest {

	@Test
	void noJvmInvolvedRunsWithAddOpens() {
		assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments()).noneMatch(a -> a.contains("add-opens"));
		assertThat(String.valueOf(System.getenv("JDK_JAVA_OPTIONS"))).doesNotContain("add-opens");
		@SuppressWarnings("unchecked")
		List<String> childOptions = (List<String>) runInChild(RobustTasks.jvmOptions());
		assertThat(childOptions).as("the child's input arguments").contains("-XX:+UseSerialGC");
		assertThat(childOptions).as("the child's input arguments").noneMatch(a -> a.contains("add-opens"));
	}

	@Test
	void readResolveSingletonStaysTheSingletonInTheChild() {
		Object result = runInChild(
				HookTasks.singleton(Singleton.INSTANCE, Singleton.INSTANCE, new Object[] { Singleton.INSTANCE }));
		assertThat(result).isEqualTo(Arrays.asList(true, true, true, true, "the-one"));
	}

	@Test
	void writeReplaceByNameProxyResolvesToTheChildsConstants() {
		// Planet holds a Thread: pickling only works because writeReplace swaps it for a
		// by-name proxy
		Object result = runInChild(HookTasks.planets(Planet.EARTH, Planet.EARTH, Planet.MARS));
		assertThat(result).isEqualTo(Arrays.asList(true, true, true, "earth", true));
	}

	@Test
	void writeReplaceAndReadResolvePairRebuildsTheValueAndKeepsSharing() {
		Money m = new Money(new BigDecimal("12.50"), "EUR");
		assertThat(runInChild(HookTasks.money(m, m)))
			.isEqualTo(Arrays.asList(new BigDecimal("12.50"), "EUR", true, true));
	}

	@Test
	void writeObjectReadObjectWithDefaultFieldsAndExtraDataPerClassLevel() {
		Object result = runInChild(HookTasks.accounts(new Account("ann", 1234), new SavingsAccount("bob", 99, 0.25)));
		assertThat(result).isEqualTo(Arrays.asList("ann:1234:3:trailer-ü:[extra, 1234]:0.5", 1,
				"bob:99:3:trailer-ü:[extra, 99]:0.5", 0.25, "super-read;sub-read:42"));
	}

	@Test
	void putFieldsAndReadFieldsWithSerialPersistentFields() {
		Object result = runInChild(HookTasks.temperature(new Temperature(100.0, "Paris", new int[] { 3, 1, 4 })));
		assertThat(result).isEqualTo(Arrays.asList(100.0, "Paris", "[3, 1, 4]", true));
	}

	@Test
	void externalizableUsesTheNoArgConstructorAndReadExternal() {
		ExtPoint p = new ExtPoint(3, -4, List.of("label", 1));
		assertThat(p.builtByNoArg()).isFalse();
		assertThat(runInChild(HookTasks.externalizable(p, p)))
			.isEqualTo(Arrays.asList(3, -4, List.of("label", 1), true, "readExternal", true));
	}

	@Test
	void writeObjectMayWriteNonSerializableObjectsThatKeepTheirIdentity() {
		Holder shared = new Holder("pinned");
		Envelope e = new Envelope(shared, new Holder("only-in-hook"));
		assertThat(runInChild(HookTasks.envelope(e, shared))).isEqualTo(Arrays.asList(true, "pinned", "only-in-hook"));
	}

	/**
	 * The sender cannot judge the receiver's class (its constructor is the receiver's
	 * business), so it pickles the value; the child refuses it, naming the class.
	 */
	@Test
	void externalizableWithoutANoArgConstructorIsPickledAndRefusedByTheReceiver() {
		byte[] payload = pickler.dumps(HookTasks.capture(new NoArgLess(3)));
		assertThatThrownBy(() -> child.call(payload)).isInstanceOfSatisfying(RemoteFailure.class, f -> {
			assertThat(f.remoteExceptionClass()).isEqualTo(PickleException.class.getName());
			assertThat(f.remoteMessage())
				.contains("Externalizable " + NoArgLess.class.getName() + " needs a public no-arg constructor");
		});
	}

	@Test
	void jdkClassesWithTheirOwnHooksTravelWithoutAddOpens() {
		Random random = new Random(42);
		random.nextInt();
		Pattern pattern = Pattern.compile("hello.*", Pattern.CASE_INSENSITIVE);
		LongAdder adder = new LongAdder();
		adder.add(40);
		adder.add(2);
		SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd HH:mm");
		format.setTimeZone(TimeZone.getTimeZone("UTC"));
		InetSocketAddress address = InetSocketAddress.createUnresolved("example.invalid", 8080);
		Random expected = new Random(42);
		expected.nextInt();
		Object result = runInChild(
				HookTasks.jdkHooks(random, pattern, adder, new StringBuffer("buf"), format, address));
		assertThat(result)
			.isEqualTo(Arrays.asList(expected.nextInt(), expected.nextLong(), "hello.*", Pattern.CASE_INSENSITIVE, true,
					42L, "buf", "1970-01-01 00:00", "example.invalid", 8080, true, new BigDecimal("43")));
	}

	// ---- a hook that throws surfaces the original exception, with the path
	// ----

	@Test
	void writeObjectThatThrowsSurfacesTheOriginalExceptionAsCauseWithThePath() {
		Task<Object> task = HookTasks.capture(new Holder(new Grenade(true)));
		assertThatThrownBy(() -> pickler.dumps(task)).isInstanceOf(PickleException.class)
			.hasMessageContaining("pin")
			.hasRootCauseInstanceOf(IllegalStateException.class)
			.hasRootCauseMessage("boom-write");
	}

	@Test
	void readObjectThatThrowsInTheChildSurfacesAsPickleExceptionWithTheOriginalCause() {
		byte[] payload = pickler.dumps(HookTasks.capture(new Holder(new Grenade(false))));
		assertThatThrownBy(() -> child.call(payload)).isInstanceOfSatisfying(RemoteFailure.class, f -> {
			assertThat(f.remoteExceptionClass()).as("a PickleException (or subclass)")
				.startsWith("io.cloudpickle.")
				.endsWith("PickleException");
			assertThat(f.getMessage()).contains("java.lang.IllegalStateException").contains("boom-read");
		});
		// and in-JVM the same: the original exception is kept as the cause
		assertThatThrownBy(() -> pickler.loads(payload)).isInstanceOf(PickleException.class)
			.hasRootCauseInstanceOf(IllegalStateException.class)
			.hasRootCauseMessage("boom-read");
	}

}
