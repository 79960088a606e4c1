package io.cloudpickle.security;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.example.fixtures.byref.Plain;
import io.cloudpickle.ClassFilter;
import io.cloudpickle.ClassRefusedException;
import io.cloudpickle.ClassSpace;
import io.cloudpickle.CloudPickle;
import io.cloudpickle.PickleException;
import io.cloudpickle.PickleLimits;
import io.cloudpickle.Pickler;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The receiver's class gates: allowed by-value packages, no shadowing, the gadget
 * deny-list and the allow-list.
 */
class ClassGatesTest {

	private static Pickler sender(String... byValuePackages) {
		return Pickler.builder()
			.returnOwnClasses(false)
			.useGlobalRegistry(false)
			.byValuePackages(byValuePackages)
			.build();
	}

	private static Pickler receiver(ClassGates gates) {
		return Pickler.builder()
			.returnOwnClasses(false)
			.useGlobalRegistry(false)
			.classFilter(gates)
			.classSpace(new ClassSpace(8, 100, 100))
			.build();
	}

	@Test
	void byValueClassesLoadOnlyFromAllowedPackagesWithPrefixSemantics() throws Exception {
		Object ok = Generated.instance("gen.ok.sub.Task", Generated.supplier("gen.ok.sub.Task", "ran", null));
		Object other = Generated.instance("gen.okay.Task", Generated.supplier("gen.okay.Task", "ran", null));
		Pickler receiver = receiver(ClassGates.networkDefaults("gen.ok"));
		Object loaded = receiver.loads(sender("gen").dumps(ok));
		assertThat(((Supplier<?>) loaded).get()).isEqualTo("ran");
		assertThat(loaded.getClass()).isNotSameAs(ok.getClass());
		assertThatThrownBy(() -> receiver.loads(sender("gen").dumps(other))).isInstanceOf(PickleException.class)
			.hasMessageContaining("gen.okay.Task was shipped by value")
			.hasMessageContaining("not among the packages this receiver accepts by value [gen.ok]");
		assertThatThrownBy(() -> receiver(ClassGates.networkDefaults()).loads(sender("gen").dumps(ok)))
			.isInstanceOf(PickleException.class)
			.hasMessageContaining("not among the packages");
	}

	@Test
	void ordinaryPayloadsPassTheNetworkDefaults() {
		Pickler receiver = Pickler.builder()
			.returnOwnClasses(false)
			.classFilter(ClassGates.networkDefaults())
			.limits(PickleLimits.network())
			.build();
		Map<String, Object> value = new LinkedHashMap<>();
		value.put("list", new ArrayList<>(List.of(1, 2L, "three")));
		value.put("date", LocalDate.of(2026, 1, 2));
		value.put("plain", new Plain("by reference"));
		value.put("array", new int[] { 1, 2, 3 });
		Supplier<String> lambda = (Supplier<String> & Serializable) () -> "lambda by reference";
		value.put("lambda", lambda);
		@SuppressWarnings("unchecked")
		Map<String, Object> loaded = (Map<String, Object>) receiver.loads(CloudPickle.dumps(value));
		assertThat(loaded.get("list")).isEqualTo(value.get("list"));
		assertThat(loaded.get("plain")).hasToString("Plain(by reference)");
		assertThat(((Supplier<?>) loaded.get("lambda")).get()).isEqualTo("lambda by reference");
	}

	@Test
	void aShippedClassNamedLikeAJdkOrCloudpickleClassIsRefusedNotShadowed() {
		Pickler engineOnly = Pickler.builder().returnOwnClasses(false).refuseShadowedClasses(true).build();
		Pickler gated = receiver(ClassGates.networkDefaults("io.cloudpickle", "org.springframework"));
		for (String name : List.of("java.lang.String", "io.cloudpickle.CloudPickle",
				"org.springframework.context.ApplicationContext")) {
			Map<String, byte[]> shipped = Map.of(name, Generated.supplier(name, "shadow", null));
			byte[] payload = Generated.payload(shipped, new String[] { name }, (byte) Generated.TAG_NULL);
			assertThatThrownBy(() -> engineOnly.loads(payload)).as(name)
				.isInstanceOf(PickleException.class)
				.hasMessageContaining("class " + name + " was shipped by value")
				.hasMessageContaining("may not shadow the receiver's classes");
			if (!name.startsWith("java.")) {
				assertThatThrownBy(() -> gated.loads(payload)).as(name)
					.isInstanceOf(PickleException.class)
					.hasMessageContaining("may not shadow the receiver's classes");
			}
		}
		// java.* can never be allowed by value, so the gates refuse it already by package
		assertThatThrownBy(() -> ClassGates.networkDefaults("java")).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void aShippedClassThatTheReceiversClassPathHasIsRefusedNotShadowed() {
		// com.example.fixtures.byref.Plain is on this JVM's class path; a same-process
		// round trip ships it by value
		byte[] payload = sender("com.example.fixtures.byref").dumps(new Plain("shadow"));
		assertThat(CloudPickle.loads(payload)).as("trusted callers keep loading it side by side").isNotNull();
		Pickler gated = receiver(ClassGates.networkDefaults("com.example"));
		assertThatThrownBy(() -> gated.loads(payload)).isInstanceOf(PickleException.class)
			.hasMessageContaining("class com.example.fixtures.byref.Plain was shipped by value")
			.hasMessageContaining("receiver's class loader already has a class of that name");
		Pickler explicit = Pickler.builder().returnOwnClasses(false).refuseShadowedClasses(true).build();
		assertThatThrownBy(() -> explicit.loads(payload)).hasMessageContaining("already has a class of that name");
	}

	@Test
	void gadgetClassesAreRefusedByNameBeforeAnyLoadingEvenWhenAbsent() {
		// Groovy1's closure: absent from the test class path (commons-collections is
		// present, for GadgetChainTest)
		String closure = "org.codehaus.groovy.runtime.MethodClosure";
		assertThatThrownBy(() -> Class.forName(closure)).isInstanceOf(ClassNotFoundException.class);
		byte[] payload = Generated.classPayload(closure);
		// trusted callers keep the deny-list by default (ClassFilter.DENY_KNOWN_GADGETS)
		// ...
		assertThatThrownBy(() -> CloudPickle.loads(payload)).isInstanceOf(PickleException.class)
			.hasMessageContaining("known deserialization gadget");
		// ... and without it fail only because the class is absent
		assertThatThrownBy(() -> Pickler.builder().classFilter(ClassFilter.ALLOW_ALL).build().loads(payload))
			.hasMessageContaining("not on this JVM's class path");
		// gated: refused by the list
		Pickler gated = receiver(ClassGates.networkDefaults());
		assertThatThrownBy(() -> gated.loads(payload)).isInstanceOf(ClassRefusedException.class)
			.hasMessageContaining("class " + closure + " is named by reference")
			.hasMessageContaining("known deserialization gadget")
			.hasMessageContaining("org.codehaus.groovy.runtime.*");
		for (String gadget : List.of("com.sun.org.apache.xalan.internal.xsltc.trax.TemplatesImpl",
				"org.apache.commons.collections.map.LazyMap", "org.apache.commons.beanutils.BeanComparator",
				"org.codehaus.groovy.runtime.MethodClosure", "org.codehaus.groovy.runtime.ConvertedClosure",
				"org.springframework.beans.factory.support.AutowireUtils$ObjectFactoryDelegatingInvocationHandler",
				"org.springframework.aop.framework.JdkDynamicAopProxy", "com.mchange.v2.c3p0.PoolBackedDataSource",
				"com.sun.syndication.feed.impl.ObjectBean", "com.sun.syndication.feed.impl.ToStringBean",
				"org.hibernate.engine.spi.TypedValue", "com.sun.rowset.JdbcRowSetImpl",
				"javax.management.BadAttributeValueExpException", "sun.reflect.annotation.AnnotationInvocationHandler",
				"java.rmi.server.UnicastRemoteObject", "javax.naming.Reference", "[Ljava.rmi.server.RemoteObject;")) {
			assertThatThrownBy(() -> gated.loads(Generated.classPayload(gadget))).as(gadget)
				.isInstanceOf(PickleException.class)
				.hasMessageContaining("known deserialization gadget");
		}
	}

	@Test
	void aGadgetNameRefusesThePayloadBeforeItsShippedClassesAreDefined() {
		String name = "gen.ok.Marked";
		Map<String, byte[]> shipped = Map.of(name,
				Generated.supplier(name, "x", Generated.marker("cloudpickle.test.gadget")));
		byte[] payload = Generated.payload(shipped,
				new String[] { name, "org.apache.commons.collections4.functors.InstantiateTransformer" },
				(byte) Generated.TAG_CLASS, (byte) 0, (byte) 0);
		Pickler gated = receiver(ClassGates.networkDefaults("gen.ok"));
		System.clearProperty("cloudpickle.test.gadget");
		assertThatThrownBy(() -> gated.loads(payload)).hasMessageContaining("known deserialization gadget");
		assertThat(gated.classSpace().counts().classes()).isZero();
		assertThat(System.getProperty("cloudpickle.test.gadget")).isNull();
	}

	@Test
	void aShippedClassUnderAGadgetNameIsRefused() {
		String name = "org.apache.commons.collections.functors.InvokerTransformer";
		byte[] payload = Generated.payload(Map.of(name, Generated.supplier(name, "x", null)), new String[] { name },
				(byte) Generated.TAG_NULL);
		assertThatThrownBy(() -> receiver(ClassGates.networkDefaults("org.apache")).loads(payload))
			.hasMessageContaining("is shipped by value, but it is a known deserialization gadget");
	}

	@Test
	void theByReferenceAllowListAndExtraDenials() {
		Pickler allowList = receiver(ClassGates.builder().allowByReference("java.util", "java.lang").build());
		assertThat(allowList.loads(CloudPickle.dumps(new ArrayList<>(List.of("a", 1))))).isEqualTo(List.of("a", 1));
		assertThatThrownBy(() -> allowList.loads(CloudPickle.dumps(LocalDate.of(2026, 1, 2))))
			.isInstanceOf(PickleException.class)
			.hasMessageContaining("not on this receiver's by-reference allow-list");
		Pickler denying = receiver(ClassGates.builder().deny("java.time").build());
		assertThatThrownBy(() -> denying.loads(CloudPickle.dumps(List.of(LocalDate.of(2026, 1, 2)))))
			.hasMessageContaining("this receiver denies it");
		Pickler noList = receiver(ClassGates.builder().gadgetDenyList(false).build());
		assertThatThrownBy(() -> noList.loads(Generated.classPayload("org.codehaus.groovy.runtime.MethodClosure")))
			.hasMessageContaining("not on this JVM's class path");
	}

	@Test
	void namesInsideNestedJdkStreamsPassTheSameGates() {
		// a StringBuilder travels as a nested Java-serialization stream; its class is
		// resolved through the class table
		byte[] payload = CloudPickle.dumps(List.of(new StringBuilder("inside a JDK stream")));
		List<String> asked = new ArrayList<>();
		ClassFilter recording = new ClassFilter() {
			@Override
			public boolean allowByReference(String className) {
				asked.add(className);
				return true;
			}

			@Override
			public boolean allowByValue(String className) {
				return true;
			}
		};
		assertThat(Pickler.builder().returnOwnClasses(false).classFilter(recording).build().loads(payload)).asString()
			.contains("inside a JDK stream");
		assertThat(asked).contains("java.lang.StringBuilder");
		assertThatThrownBy(() -> receiver(ClassGates.builder().deny("java.lang.StringBuilder").build()).loads(payload))
			.isInstanceOf(PickleException.class)
			.hasMessageContaining("java.lang.StringBuilder")
			.hasMessageContaining("this receiver denies it");
	}

	@Test
	void gatedPicklersRefuseShadowingByDefaultAndTrustedOnesDoNot() {
		assertThat(Pickler.builder().returnOwnClasses(false).build().refusesShadowedClasses()).isFalse();
		assertThat(Pickler.builder()
			.returnOwnClasses(false)
			.classFilter(ClassGates.networkDefaults())
			.build()
			.refusesShadowedClasses()).isTrue();
		assertThat(Pickler.builder()
			.returnOwnClasses(false)
			.verifyWith(PayloadVerifier.hmacSha256("k", new byte[32]))
			.build()
			.refusesShadowedClasses()).isTrue();
		assertThat(Pickler.builder()
			.returnOwnClasses(false)
			.classFilter(ClassGates.networkDefaults())
			.refuseShadowedClasses(false)
			.build()
			.refusesShadowedClasses()).isFalse();
	}

	@Test
	void bytecodeIsCheckedInARealPayload() throws Exception {
		String name = "gen.ok.Exec";
		Consumer<MethodVisitor> exec = (mv) -> {
			mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Runtime", "getRuntime", "()Ljava/lang/Runtime;", false);
			mv.visitLdcInsn("true");
			mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Runtime", "exec",
					"(Ljava/lang/String;)Ljava/lang/Process;", false);
			mv.visitInsn(Opcodes.POP);
		};
		// In a static method nothing calls, the call is not reached: the object loads.
		byte[] unreached = Generated.supplier(name, "x", Generated.method(exec));
		assertThat(((Supplier<?>) receiver(ClassGates.networkDefaults("gen.ok"))
			.loads(sender("gen").dumps(Generated.instance(name, unreached)))).get()).isEqualTo("x");
		// An instance method of an object's class counts, whether called or not.
		byte[] bytes = Generated.supplier(name, "x", Generated.instanceMethod(exec));
		byte[] payload = sender("gen").dumps(Generated.instance(name, bytes));
		assertThatThrownBy(() -> receiver(ClassGates.networkDefaults("gen.ok")).loads(payload))
			.isInstanceOf(PickleException.class)
			.hasMessageContaining(
					"class gen.ok.Exec was shipped by value but its bytecode is refused (bytecode level STANDARD)")
			.hasMessageContaining(
					"method run()V calls or reads java.lang.Runtime.exec (reached because class gen.ok.Exec"
							+ " is used by the payload)");
		Pickler none = receiver(
				ClassGates.builder().allowByValuePackages("gen").bytecodeLevel(BytecodeLevel.NONE).build());
		assertThat(((Supplier<?>) none.loads(payload)).get()).isEqualTo("x");
	}

}
