package io.cloudpickle.spring;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import io.cloudpickle.ClassSpace;
import io.cloudpickle.PickleException;
import io.cloudpickle.PickleLimits;
import io.cloudpickle.Pickler;
import com.example.fixtures.Closures;
import io.cloudpickle.spring.metrics.ClassSpaceMetrics;
import io.cloudpickle.spring.metrics.PayloadSizeObservationHandler;
import io.cloudpickle.spring.observation.DefaultPickleObservationConvention;
import io.cloudpickle.spring.observation.PickleObservationContext;
import io.cloudpickle.spring.observation.PickleObservationConvention;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PickleServiceTest {

	private static Pickler byValuePickler(ClassSpace space) {
		return Pickler.builder()
			.byValuePackages("com.example.fixtures")
			.useGlobalRegistry(false)
			.classSpace(space)
			// These tests are about the class space: define received classes even though
			// this JVM shipped them.
			.returnOwnClasses(false)
			.build();
	}

	@Test
	void dumpsAndLoadsBytesTypedAndStreams() {
		PickleService service = new PickleService(byValuePickler(new ClassSpace(8, 100, 50)));
		byte[] payload = service.dumps(Closures.countLongerThan(2));
		@SuppressWarnings("unchecked")
		Function<List<String>, Object> f = service.loads(payload, Function.class);
		assertThat(f.apply(List.of("a", "abc", "abcd")).toString()).isEqualTo("Count[n=2]");
		assertThat(service.loads(service.dumps(List.of(1, 2)))).isEqualTo(List.of(1, 2));

		ByteArrayOutputStream out = new ByteArrayOutputStream();
		service.dump("hello", out);
		assertThat(service.load(new ByteArrayInputStream(out.toByteArray()))).isEqualTo("hello");
		assertThat(service.load(new ByteArrayInputStream(out.toByteArray()), String.class)).isEqualTo("hello");
		assertThat(service.loads(service.dumps(null))).isNull();
	}

	@Test
	void wrongTypeAndCorruptPayloadsAreRefused() {
		PickleService service = new PickleService(Pickler.builder().build());
		byte[] payload = service.dumps("text");
		assertThatExceptionOfType(PickleException.class).isThrownBy(() -> service.loads(payload, Integer.class))
			.withMessageContaining("not a java.lang.Integer");
		assertThatExceptionOfType(PickleException.class)
			.isThrownBy(() -> service.loads(new byte[] { 1, 2, 3, 4, 5, 6, 7 }));
		assertThatExceptionOfType(PickleException.class)
			.isThrownBy(() -> service.loads(java.util.Arrays.copyOf(payload, payload.length - 2)));
	}

	@Test
	void streamingLoadReadsOnePickleAndLeavesTheStreamAfterIt() {
		PickleService service = new PickleService(byValuePickler(new ClassSpace(8, 100, 50)));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		service.dump("first", out);
		service.dump(List.of(1, 2), out);
		byte[] second = service.dumps(List.of(1, 2));
		ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
		assertThat(service.load(in, String.class)).isEqualTo("first");
		assertThat(in.available()).isEqualTo(second.length);
		assertThat(service.load(in)).isEqualTo(List.of(1, 2));
		assertThat(in.available()).isZero();
	}

	@Test
	void streamingLoadHonoursThePayloadLimit() {
		PickleService service = new PickleService(
				Pickler.builder().limits(PickleLimits.defaults().withMaxPayloadBytes(100)).build());
		byte[] big = new PickleService(Pickler.builder().build()).dumps("x".repeat(500));
		assertThatExceptionOfType(PickleException.class).isThrownBy(() -> service.load(new ByteArrayInputStream(big)))
			.withMessageContaining("cloudpickle.limits.max-payload-size");
	}

	@Test
	void isThreadSafe() throws Exception {
		PickleService service = new PickleService(byValuePickler(new ClassSpace(8, 100, 50)));
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<String>> results = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				int min = i % 5;
				results.add(pool.submit(() -> {
					@SuppressWarnings("unchecked")
					Function<List<String>, Object> f = service.loads(service.dumps(Closures.countLongerThan(min)),
							Function.class);
					return min + ":" + f.apply(List.of("a", "bb", "ccc", "dddd", "eeeee"));
				}));
			}
			for (int i = 0; i < results.size(); i++) {
				int min = i % 5;
				assertThat(results.get(i).get()).isEqualTo(min + ":Count[n=" + (5 - min) + "]");
			}
		}
		finally {
			pool.shutdownNow();
		}
		// Same bytes every time: one loader, not one per message.
		assertThat(service.classSpace().counts().loadersCreated()).isEqualTo(1);
	}

	@Test
	void observesDumpsAndLoadsWithLowCardinalityTags() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		PickleService service = new PickleService(byValuePickler(new ClassSpace(8, 100, 50)), registry);
		byte[] payload = service.dumps(Closures.countLongerThan(1));
		service.loads(payload);
		service.loads(service.dumps(42));

		assertThat(registry).doesNotHaveAnyRemainingCurrentObservation()
			.hasNumberOfObservationsWithNameEqualTo("cloudpickle.dumps", 2)
			.hasNumberOfObservationsWithNameEqualTo("cloudpickle.loads", 2)
			.hasObservationWithNameEqualTo("cloudpickle.dumps")
			.that()
			.hasContextualNameEqualTo("cloudpickle dumps")
			.hasLowCardinalityKeyValue("operation", "dumps")
			.hasLowCardinalityKeyValue("outcome", "success")
			.hasLowCardinalityKeyValue("classes.shipped", "true")
			.hasHighCardinalityKeyValue("payload.size", Integer.toString(payload.length))
			.hasBeenStarted()
			.hasBeenStopped();
		assertThat(registry).hasAnObservation((observation) -> observation.hasNameEqualTo("cloudpickle.loads")
			.hasLowCardinalityKeyValue("classes.shipped", "false")
			.hasLowCardinalityKeyValue("operation", "loads"));
	}

	@Test
	void failedLoadIsObservedAsError() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		PickleService service = new PickleService(Pickler.builder().build(), registry);
		assertThatExceptionOfType(PickleException.class).isThrownBy(() -> service.loads(new byte[] { 9, 9, 9 }));
		assertThat(registry).hasObservationWithNameEqualTo("cloudpickle.loads")
			.that()
			.hasLowCardinalityKeyValue("outcome", "error")
			.hasLowCardinalityKeyValue("classes.shipped", "unknown")
			.hasError();
	}

	@Test
	void customConventionIsUsed() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		PickleService service = new PickleService(Pickler.builder().build(), registry);
		service.setObservationConvention(new PickleObservationConvention() {
			@Override
			public String getName() {
				return "custom.pickle";
			}

			@Override
			public KeyValues getLowCardinalityKeyValues(PickleObservationContext context) {
				return KeyValues.of("op", context.getOperation().value());
			}
		});
		service.dumps("x");
		assertThat(registry).hasObservationWithNameEqualTo("custom.pickle")
			.that()
			.hasLowCardinalityKeyValue("op", "dumps");
	}

	@Test
	void timersPayloadSizesAndClassSpaceMeters() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig()
			.observationHandler(new DefaultMeterObservationHandler(meters))
			.observationHandler(new PayloadSizeObservationHandler(meters));
		ClassSpace space = new ClassSpace(8, 100, 50);
		PickleService service = new PickleService(byValuePickler(space), observations);
		new ClassSpaceMetrics(space).bindTo(meters);

		byte[] payload = service.dumps(Closures.countLongerThan(3));
		service.loads(payload);
		service.dumps("small");

		assertThat(meters.get(DefaultPickleObservationConvention.DUMPS_NAME)
			.tags("operation", "dumps", "outcome", "success", "classes.shipped", "true")
			.timer()
			.count()).isEqualTo(1);
		assertThat(meters.get("cloudpickle.loads").tags("outcome", "success").timer().count()).isEqualTo(1);
		DistributionSummary sizes = meters.get(PayloadSizeObservationHandler.METER_NAME)
			.tags("operation", "dumps", "classes.shipped", "true")
			.summary();
		assertThat(sizes.count()).isEqualTo(1);
		assertThat(sizes.totalAmount()).isEqualTo(payload.length);
		assertThat(sizes.getId().getBaseUnit()).isEqualTo("bytes");
		assertThat(meters.get("cloudpickle.payload.size").tags("classes.shipped", "false").summary().count())
			.isEqualTo(1);

		assertThat(meters.get("cloudpickle.classspace.loaders").gauge().value()).isEqualTo(1);
		assertThat(meters.get("cloudpickle.classspace.classes").gauge().value()).isEqualTo(space.counts().classes())
			.isGreaterThan(0);
		assertThat(meters.get("cloudpickle.classspace.size").gauge().value()).isEqualTo(space.counts().classBytes());
		FunctionCounter evictions = meters.get("cloudpickle.classspace.evictions").functionCounter();
		assertThat(evictions.count()).isZero();
		assertThat(meters.get("cloudpickle.classspace.loaders.created").functionCounter().count()).isEqualTo(1);
	}

	@Test
	void payloadInfoTellsWhetherClassesShip() {
		PickleService service = new PickleService(byValuePickler(new ClassSpace(8, 100, 50)));
		io.cloudpickle.PayloadInfo shipped = io.cloudpickle.PayloadInfo.of(service.dumps(Closures.countLongerThan(0)));
		assertThat(shipped.shipsClasses()).isTrue();
		assertThat(shipped.maxClassFileVersion()).isGreaterThanOrEqualTo(61);
		assertThat(io.cloudpickle.PayloadInfo.of(service.dumps("plain")).shipsClasses()).isFalse();
		assertThatThrownBy(() -> io.cloudpickle.PayloadInfo.of(new byte[] { 1, 2 }))
			.isInstanceOf(io.cloudpickle.PickleException.class);
	}

}
