package io.cloudpickle.crossjvm;

import java.lang.reflect.Field;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

import com.acme.analytics.closures.PricingService;
import com.acme.analytics.closures.ReportService;
import com.acme.analytics.closures.Sort;
import io.cloudpickle.PickleException;
import io.cloudpickle.Pickler;
import io.cloudpickle.testing.PerClassRemoteJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Closure cleaning: an anonymous or inner class whose code never reads its enclosing
 * instance travels without it (here the enclosing service owns a thread and could not
 * travel at all); one that reads it still ships it, or is refused with the path to what
 * cannot travel; and the switch turns cleaning off.
 */
class ClosureCleaningCrossJvmTest {

	private static final String PKG = "com.acme.analytics.closures";

	@RegisterExtension
	static final PerClassRemoteJvm child = new PerClassRemoteJvm();

	private final Pickler pickler = Pickler.builder().byValuePackages(PKG).build();

	private final Pickler sameJvmCopies = Pickler.builder().byValuePackages(PKG).returnOwnClasses(false).build();

	@Test
	void anAnonymousClassThatNeverReadsItsHolderTravelsWithoutIt() {
		Comparator<String> byLength = new ReportService(1).byLength();
		byte[] payload = this.pickler.dumps(new Sort(List.of("ccc", "a", "bb"), byLength));
		assertThat(child.hasClass(ReportService.class.getName())).isFalse();
		assertThat(child.call(payload)).isEqualTo(List.of("a", "bb", "ccc"));
		// the enclosing service (a 100,000-long cache and a thread) stayed here
		assertThat(payload.length).isLessThan(20_000);
		assertThat(outerOf(this.sameJvmCopies.loads(this.sameJvmCopies.dumps(byLength)))).isNull();
	}

	@Test
	void anInnerMemberClassThatNeverReadsItsHolderTravelsWithoutIt() throws Exception {
		ReportService.Label label = new ReportService(1).label("x");
		assertThat(child.call(this.pickler.dumps(label))).isEqualTo("[x]");
		Object copy = this.sameJvmCopies.loads(this.sameJvmCopies.dumps(label));
		assertThat(outerOf(copy)).isNull();
		assertThat(((Callable<?>) copy).call()).isEqualTo("[x]");
	}

	@Test
	void anAnonymousClassThatReadsItsHolderShipsTheHolder() {
		Callable<Double> price = new PricingService(1.5).priceOf(10);
		assertThat(child.call(this.pickler.dumps(price))).isEqualTo(15.0);
		Object copy = this.sameJvmCopies.loads(this.sameJvmCopies.dumps(price));
		assertThat(outerOf(copy)).isNotNull();
		assertThat(outerOf(copy).getClass().getName()).isEqualTo(PricingService.class.getName());
	}

	@Test
	void aHolderThatIsReadButCannotTravelIsRefusedWithItsPath() {
		Callable<Integer> task = new ReportService(6).baseTimes(7);
		assertThatThrownBy(() -> this.pickler.dumps(task)).isInstanceOf(PickleException.class)
			.hasMessageContaining("field this$0")
			.hasMessageContaining("field worker")
			.hasMessageContaining("java.lang.Thread");
	}

	@Test
	void theSwitchTurnsCleaningOff() {
		Pickler uncleaned = Pickler.builder().byValuePackages(PKG).cleanClosures(false).build();
		Comparator<String> byLength = new ReportService(1).byLength();
		assertThatThrownBy(() -> uncleaned.dumps(byLength)).isInstanceOf(PickleException.class)
			.hasMessageContaining("field this$0")
			.hasMessageContaining("java.lang.Thread");
	}

	private static Object outerOf(Object instance) {
		try {
			Field outer = instance.getClass().getDeclaredField("this$0");
			outer.setAccessible(true);
			return outer.get(instance);
		}
		catch (ReflectiveOperationException ex) {
			throw new AssertionError("no this$0 in " + instance.getClass(), ex);
		}
	}

}
