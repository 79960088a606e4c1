package io.cloudpickle.peer;

import java.util.List;

import com.example.fixtures.byhash.Counting;
import io.cloudpickle.ClassesMissingException;
import io.cloudpickle.PeerClasses;
import io.cloudpickle.PeerPayload;
import io.cloudpickle.Pickler;
import io.cloudpickle.testing.PerClassRemoteJvm;
import io.cloudpickle.testing.RemoteFailure;
import io.cloudpickle.testing.RemoteJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Class bytes travel once per peer: a payload made for a peer that confirmed its classes
 * names them by hash only; a child JVM that holds them runs it, and one that does not (a
 * fresh JVM, as after a restart) refuses it with the list of missing classes before
 * running anything, after which the sender resends with the bytes.
 */
class ClassesOncePerPeerTest {

	@RegisterExtension
	static final PerClassRemoteJvm child = new PerClassRemoteJvm();

	private static final Pickler SENDER = Pickler.builder()
		.useGlobalRegistry(false)
		.byValuePackages("com.example.fixtures")
		.build();

	@Test
	void laterPayloadsNameConfirmedClassesByHashOnly() {
		PeerClasses peer = new PeerClasses();
		List<String> words = List.of("alpha", "beta", "gamma");

		PeerPayload first = SENDER.dumpsFor(peer, Counting.totalLength(words));
		assertThat(first.referencedHashes()).isEmpty();
		assertThat(first.shippedHashes()).hasSize(3);
		assertThat(first.bytes()).hasSize(SENDER.dumps(Counting.totalLength(words)).length);
		assertThat(child.call(first.bytes())).isEqualTo(14);
		peer.confirm(first);

		PeerPayload second = SENDER.dumpsFor(peer, Counting.count(words));
		assertThat(second.shippedHashes()).isEmpty();
		assertThat(second.referencedHashes()).containsExactlyElementsOf(first.shippedHashes());
		assertThat(second.classBytes()).isZero();
		assertThat(second.bytes().length).isLessThan(first.bytes().length - (int) first.classBytes() + 3 * 40);
		assertThat(first.classBytes()).isGreaterThan(2000);
		assertThat(child.call(second.bytes())).isEqualTo(3);
	}

	@Test
	void aPeerThatLacksTheClassesListsThemAndTheResendCarriesTheirBytes() {
		PeerClasses peer = new PeerClasses();
		List<String> words = List.of("one", "two");
		PeerPayload shipped = SENDER.dumpsFor(peer, Counting.totalLength(words));
		peer.confirm(shipped);
		PeerPayload byHash = SENDER.dumpsFor(peer, Counting.totalLength(words));
		assertThat(byHash.shippedHashes()).isEmpty();

		try (RemoteJvm restarted = RemoteJvm.start()) {
			assertThatThrownBy(() -> restarted.call(byHash.bytes())).isInstanceOfSatisfying(RemoteFailure.class,
					(f) -> {
						assertThat(f.remoteExceptionClass()).isEqualTo(ClassesMissingException.class.getName());
						assertThat(f.remoteMessage()).contains("3 class(es)")
							.contains("com.example.fixtures.byhash.Counting")
							.contains("com.example.fixtures.byhash.Counting$Tally");
					});
			peer.forget(new ClassesMissingException(byHash.referencedHashes()
				.stream()
				.map((sha) -> new ClassesMissingException.MissingClass("c", sha))
				.toList()));
			PeerPayload resent = SENDER.dumpsFor(peer, Counting.totalLength(words));
			assertThat(resent.shippedHashes()).hasSize(3);
			assertThat(restarted.call(resent.bytes())).isEqualTo(6);
		}
	}

}
