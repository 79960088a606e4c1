package io.cloudpickle.crossjvm;

import java.util.EnumSet;
import java.util.List;

import com.acme.analytics.kinds.Audited;
import com.acme.analytics.kinds.EnvConfig;
import com.acme.analytics.kinds.IntBox;
import com.acme.analytics.kinds.KindsTasks;
import com.acme.analytics.kinds.Op;
import com.acme.analytics.kinds.Outer;
import com.acme.analytics.kinds.Polite;
import com.acme.analytics.kinds.Reading;
import com.acme.analytics.kinds.SelfRef;
import com.acme.analytics.kinds.Square;
import io.cloudpickle.Pickler;
import io.cloudpickle.testing.RemoteJvm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anonymous, local and inner classes, records, enums, interfaces with default methods,
 * abstract classes, generics, runtime annotations and static initializers, shipped by
 * value (a Pickler carrying {@code com.acme.analytics.kinds}) and checked inside the
 * child JVM.
 */
class ClassKindsCrossJvmTest {

	private static Pickler pickler;

	private static RemoteJvm child;

	@BeforeAll
	static void setUp() {
		pickler = Pickler.builder().byValuePackages("com.acme.analytics.kinds").build();
		child = RemoteJvm.start(List.of("-Dcloudpickle.acme.foo=bar"));
	}

	@AfterAll
	static void tearDown() {
		if (child != null) {
			child.close();
		}
	}

	private static String remote(Object task) {
		return (String) child.call(pickler.dumps(task));
	}

	@Test
	void anonymousClass() {
		assertThat(remote(KindsTasks.anonymous(21))).isEqualTo("true:anonymous:42:shipped");
	}

	@Test
	void localClassItsInstanceAndABoundMethodRefTravelTogether() {
		assertThat(remote(KindsTasks.describeLocal(KindsTasks.localClassParts(100))))
			.isEqualTo("com.acme.analytics.kinds.KindsTasks$1Local|local=true|simple=Local|enclosing=localClassParts"
					+ "|sameClass=true|apply=106|shipped");
	}

	@Test
	void innerClassWithItsEnclosingInstance() {
		Outer.Inner inner = new Outer(40).inner(2);
		assertThat(remote(KindsTasks.inner(inner))).isEqualTo("42|member=true|declaring=Outer|outer=Outer");
	}

	@Test
	void localSubclassCallsSuper() {
		assertThat(remote(KindsTasks.localSubclass())).isEqualTo("2|Derived extends Base|sameLoader=true");
	}

	@Test
	void records() {
		Reading reading = new Reading(" t1 ", 2.5);
		assertThat(remote(KindsTasks.records(reading, reading)))
			.isEqualTo("Reading[sensor=t1, value=2.5]|eq=true|hash=true|shared=true|record=true"
					+ "|sensor:String,value:double|negative reading -1.0|shipped");
	}

	@Test
	void enumsKeepIdentityConstantBodiesSwitchAndEnumSet() {
		assertThat(remote(KindsTasks.enums(Op.PLUS, List.of(Op.TIMES, Op.TIMES), EnumSet.of(Op.TIMES))))
			.isEqualTo("identity=true|valueOf=true|switch=plus|body=true|declaring=true|apply=13,42"
					+ "|listIdentity=true|set=[TIMES]:true:[PLUS, NOOP]|values=3|ordinal=1|shipped");
	}

	@Test
	void interfaceWithDefaultMethods() {
		assertThat(remote(KindsTasks.defaults(new Polite("Ada"))))
			.isEqualTo("Hello, Ada!|iface=true|default=true|shipped");
	}

	@Test
	void abstractClassStaysAbstractAndCanBeExtendedOnTheReceiver() {
		assertThat(remote(KindsTasks.abstracts(new Square(3))))
			.isEqualTo("Square(9.0)|abstract=true|InstantiationException|receiverSubclass=1.5|superOk=true");
	}

	@Test
	void genericsBridgesAndVarargs() {
		assertThat(remote(KindsTasks.generics(new IntBox(7), List.of(new IntBox(3), new IntBox(1), new IntBox(2)))))
			.isEqualTo("com.acme.analytics.kinds.Box<java.lang.Integer>"
					+ "|java.lang.Comparable<com.acme.analytics.kinds.IntBox>,"
					+ "java.util.function.Supplier<java.lang.Integer>"
					+ "|typeVar=T|fieldType=T|content=7|min=1|bridges=compareTo(Object),get()|varargs=true:6");
	}

	@Test
	void runtimeAnnotationsParameterNamesAndShippedAnnotationTypes() {
		assertThat(child.hasClass("com.acme.analytics.kinds.Audit")).isFalse();
		assertThat(remote(KindsTasks.annotations(new Audited())))
			.isEqualTo("ml:3:TIMES|method:2|field:NOOP|param|param=threshold:true|check=true"
					+ "|annotationType=true:shipped|retention=RUNTIME");
	}

	@Test
	void staticInitializersRunOnTheReceiver() {
		// initialised here first, with this JVM's values
		assertThat(EnvConfig.FOO).isEqualTo("unset");
		assertThat(EnvConfig.PID).isEqualTo(ProcessHandle.current().pid());
		assertThat(remote(KindsTasks.staticInit())).isEqualTo("bar|pid=" + child.pid() + "|log=clinit;");
	}

	@Test
	void staticSelfInstanceAndSelfReferencingGraphs() {
		SelfRef a = new SelfRef("a").pairWith(new SelfRef("b"));
		assertThat(remote(KindsTasks.selfReferences(a)))
			.isEqualTo("self=true|peer=true|peerSelf=true|default=true|notDefault=true|a,b,default");
	}

	@Test
	void functionalInterfaceDefaultMethodsOnShippedLambdas() {
		assertThat(remote(KindsTasks.functionalDefaults())).isEqualTo("[ccc, bb, a]|HI!");
	}

}
