package io.cloudpickle.crossjvm;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.acme.analytics.identity.IdentityTasks;
import com.acme.analytics.identity.StaticState;
import com.acme.analytics.identity.Token;
import io.cloudpickle.Pickler;
import io.cloudpickle.testing.RemoteJvm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Class identity on the receiver (same bytes → same Class across payloads, changed bytes
 * → a new Class beside the old) and re-pickling onward (A → B → C). The tests share two
 * child JVMs, in whatever order JUnit picks: what one child loaded before must not change
 * which class the same bytes resolve to.
 */
class ClassIdentityCrossJvmTest {

	private static Pickler pickler;

	private static RemoteJvm childB;

	private static RemoteJvm childC;

	@BeforeAll
	static void setUp() {
		pickler = Pickler.builder().byValuePackages("com.acme.analytics.identity").build();
		childB = RemoteJvm.start();
		childC = RemoteJvm.start();
	}

	@AfterAll
	static void tearDown() {
		try {
			if (childB != null) {
				childB.close();
			}
		}
		finally {
			if (childC != null) {
				childC.close();
			}
		}
	}

	private static String remote(RemoteJvm child, Object task) {
		return (String) child.call(pickler.dumps(task));
	}

	@Test
	void sameByValueClassInTwoPayloadsIsTheSameClassInTheChild() {
		String key = "acme.identity.token." + System.nanoTime();
		String first = remote(childB, IdentityTasks.storeToken(key, "x"));
		assertThat(first).endsWith("(shipped)");
		String second = remote(childB, IdentityTasks.checkToken(key, "x"));
		assertThat(second).isEqualTo("instanceof=true|sameClass=true|equals=true|" + first);
	}

	@Test
	void aChangedClassIsANewClassBesideTheOldOne() {
		String key = "acme.identity.versioned." + System.nanoTime();
		Class<?> v1 = VersionedClasses.define("v1");
		Class<?> v2 = VersionedClasses.define("v2");
		assertThat(v1.getName()).isEqualTo(v2.getName());
		assertThat(v1).isNotSameAs(v2);

		String stored = remote(childB, IdentityTasks.store(key, VersionedClasses.newInstance(v1)));
		assertThat(stored).endsWith("(shipped)|says=v1");
		// v2 arrives: a new class, side by side; the stored v1 instance keeps its class
		// and behaviour
		assertThat(remote(childB, IdentityTasks.compareWithStored(key, VersionedClasses.newInstance(v2))))
			.isEqualTo("sameName=true|sameClass=false|instanceof=false|old=v1|new=v2");
		// v1 again (another instance): the same class as the stored one
		assertThat(remote(childB, IdentityTasks.compareWithStored(key, VersionedClasses.newInstance(v1))))
			.isEqualTo("sameName=true|sameClass=true|instanceof=true|old=v1|new=v1");
		// the same v1 bytes defined by yet another loader on the sender: identity is the
		// bytes, not the sender's loader
		Class<?> v1Again = VersionedClasses.define("v1");
		assertThat(v1Again).isNotSameAs(v1);
		assertThat(remote(childB, IdentityTasks.compareWithStored(key, VersionedClasses.newInstance(v1Again))))
			.isEqualTo("sameName=true|sameClass=true|instanceof=true|old=v1|new=v1");
	}

	@Test
	void receiverRepicklesOnwardAToBToC() {
		List<String> shared = new ArrayList<>(List.of("a", "b"));
		byte[] fromA = pickler.dumps(IdentityTasks.chain(new Token("t-1"), shared));
		byte[] fromB = childB.echo(fromA);
		assertThat(childB.hasClass(Token.class.getName())).isFalse();
		assertThat(childC.hasClass(Token.class.getName())).isFalse();
		// B kept the received classes by value: the onward payload carries class files
		// again
		assertThat(Payloads.classFiles(fromB)).isGreaterThanOrEqualTo(2);
		assertThat(Payloads.contains(fromB, "com/acme/analytics/identity/Token")).isTrue();
		String atC = (String) childC.call(fromB);
		assertThat(atC).startsWith("t-1|a+b|shared=true|class@").endsWith("(shipped)|pid=" + childC.pid());
		// and B → C of a bare by-value value object
		assertThat(childC.loadAndDescribe(childB.echo(pickler.dumps(new Token("bare"))))).isEqualTo("Token[id=bare]");
		// B → C → B: the chain goes on
		assertThat((String) childB.call(childC.echo(fromB))).startsWith("t-1|a+b|shared=true|")
			.endsWith("pid=" + childB.pid());
	}

	@Test
	void anInstanceBuiltOnTheWorkerComesBackToTheSender() {
		Object back = childB.call(pickler.dumps(IdentityTasks.makeToken("made-in-child")));
		// Token went out by value from here; it comes back as this JVM's own Token
		// (cloudpickle's class tracking)
		assertThat(back.getClass()).isSameAs(Token.class);
		assertThat(back).isEqualTo(new Token("made-in-child"));
		// the worker re-shipped Token by value (it only had it by value); loading it
		// twice here gives one class
		Object again = childB.call(pickler.dumps(IdentityTasks.makeToken("made-in-child")));
		assertThat(again.getClass()).isSameAs(back.getClass());
		assertThat(again).isEqualTo(back);
	}

	@Test
	void ourOwnByValueClassesComeBackAsThemselvesAndCopiesOnlyWhenAskedFor() {
		Object same = pickler.loads(pickler.dumps(new Token("x")));
		assertThat(same.getClass()).isSameAs(Token.class);
		Token cast = (Token) same;
		assertThat(cast.id()).isEqualTo("x");
		Pickler copies = Pickler.builder()
			.byValuePackages("com.acme.analytics.identity")
			.returnOwnClasses(false)
			.build();
		Object copy = copies.loads(copies.dumps(new Token("x")));
		assertThat(copy.getClass()).isNotSameAs(Token.class);
		assertThat(copy.getClass().getName()).isEqualTo(Token.class.getName());
	}

	@Test
	void shippedCopyOfALocallyPresentClassIsDistinctAndHasItsOwnStaticState() throws Exception {
		// in-process (an additional unit test): the class exists here by reference and
		// arrives by value
		int before = StaticState.hits();
		@SuppressWarnings("unchecked")
		// within one JVM a by-value payload of our own classes would come back as those
		// classes: ask for copies
		Pickler copies = Pickler.builder()
			.byValuePackages("com.acme.analytics.identity")
			.returnOwnClasses(false)
			.build();
		Callable<Integer> shipped = (Callable<Integer>) copies.loads(copies.dumps(IdentityTasks.hit()));
		assertThat(shipped.call()).isEqualTo(1);
		assertThat(shipped.call()).isEqualTo(2);
		assertThat(StaticState.hits()).isEqualTo(before);
		assertThat(shipped.getClass().getNestHost()).isNotSameAs(IdentityTasks.class);
		assertThat(shipped.getClass().getNestHost().getName()).isEqualTo(IdentityTasks.class.getName());
		// the local copy is untouched and still works by itself
		assertThat(IdentityTasks.hit().call()).isEqualTo(before + 1);
	}

}
