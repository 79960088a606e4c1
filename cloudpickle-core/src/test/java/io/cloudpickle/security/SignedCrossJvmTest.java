package io.cloudpickle.security;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.example.fixtures.security.SecurityTasks;
import com.example.fixtures.security.shipped.Greeting;

import io.cloudpickle.PickleException;
import io.cloudpickle.Pickler;
import io.cloudpickle.testing.PerClassRemoteJvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A gated, verifying receiver in another JVM that lacks the shipped class: signed
 * payloads from this JVM load there; tampered or wrongly signed ones are refused. (In
 * this JVM the shipped class would be refused as shadowing, since the test class path has
 * it.)
 */
class SignedCrossJvmTest {

	private static final byte[] SECRET = "a shared secret of 32 bytes.....".getBytes(StandardCharsets.US_ASCII);

	@RegisterExtension
	static final PerClassRemoteJvm child = new PerClassRemoteJvm();

	private static final Pickler TASKS = Pickler.builder()
		.returnOwnClasses(false)
		.byValuePackages("com.example.fixtures")
		.build();

	private static Pickler shipping(PayloadSigner signer) {
		return Pickler.builder()
			.returnOwnClasses(false)
			.useGlobalRegistry(false)
			.byValuePackages("com.example.fixtures.security.shipped")
			.signWith(signer)
			.build();
	}

	@Test
	void aSignedPayloadShippingAClassLoadsInAGatedReceiverThatLacksIt() throws Exception {
		assertThat(child.hasClass(Greeting.class.getName())).isFalse();
		byte[] payload = shipping(PayloadSigner.hmacSha256("key-1", SECRET)).dumps(new Greeting("child"));
		assertThat(child.call(TASKS.dumps(SecurityTasks.receiveHmac(payload, "key-1", SECRET))))
			.isEqualTo("hello child");
		byte[] tampered = payload.clone();
		tampered[tampered.length / 2] ^= 0x20;
		assertThat((String) child.call(TASKS.dumps(SecurityTasks.receiveHmac(tampered, "key-1", SECRET))))
			.startsWith("refused: payload signature is invalid");
		// in this JVM, whose class path has Greeting, a gated receiver refuses to let the
		// shipped copy shadow it
		Pickler local = Pickler.builder()
			.returnOwnClasses(false)
			.verifyWith(PayloadVerifier.hmacSha256("key-1", SECRET))
			.classFilter(ClassGates.networkDefaults("com.example.fixtures.security.shipped"))
			.build();
		assertThatThrownBy(() -> local.loads(payload)).isInstanceOf(PickleException.class)
			.hasMessageContaining("already has a class of that name");
	}

	@Test
	void anEd25519ReceiverHoldsOnlyThePublicKey() throws Exception {
		KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		byte[] publicKey = keys.getPublic().getEncoded();
		byte[] payload = shipping(PayloadSigner.ed25519("client-a", keys.getPrivate()).withIssuedAt())
			.dumps(new Greeting("ed25519"));
		assertThat(child.call(TASKS.dumps(SecurityTasks.receiveEd25519(payload, "client-a", publicKey))))
			.isEqualTo("hello ed25519");
		KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		byte[] forged = shipping(PayloadSigner.ed25519("client-a", other.getPrivate())).dumps(new Greeting("forged"));
		assertThat((String) child.call(TASKS.dumps(SecurityTasks.receiveEd25519(forged, "client-a", publicKey))))
			.startsWith("refused: payload signature is invalid");
		byte[] unsigned = Pickler.builder()
			.returnOwnClasses(false)
			.useGlobalRegistry(false)
			.byValuePackages("com.example.fixtures.security.shipped")
			.build()
			.dumps(new Greeting("unsigned"));
		assertThat((String) child.call(TASKS.dumps(SecurityTasks.receiveEd25519(unsigned, "client-a", publicKey))))
			.startsWith("refused: payload is not signed");
	}

}
