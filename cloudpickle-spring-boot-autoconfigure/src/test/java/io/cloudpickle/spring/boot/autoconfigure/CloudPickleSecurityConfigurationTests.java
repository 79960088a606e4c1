package io.cloudpickle.spring.boot.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;

import io.cloudpickle.Pickler;
import io.cloudpickle.security.PayloadSignatureException;
import io.cloudpickle.security.PayloadVerifier;
import io.cloudpickle.spring.PickleService;
import io.cloudpickle.spring.actuate.CloudPickleEndpoint;
import io.cloudpickle.spring.http.CloudPickleHttpMessageConvertersCustomizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ExtendWith(OutputCaptureExtension.class)
class CloudPickleSecurityConfigurationTests {

	private static final AutoConfigurations CLOUDPICKLE = AutoConfigurations.of(CloudPickleAutoConfiguration.class,
			CloudPickleHttpMessageConvertersAutoConfiguration.class, CloudPickleCodecsAutoConfiguration.class,
			CloudPickleEndpointAutoConfiguration.class);

	private static final byte[] SECRET = "0123456789abcdef0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

	private static final String KEY = "cloudpickle.security.hmac.keys.k1=" + Base64.getEncoder().encodeToString(SECRET);

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(CLOUDPICKLE);

	@Test
	void hmacKeyEnablesVerifiedReadingAndSigning() {
		this.runner.withPropertyValues(KEY, "cloudpickle.security.signing-key-id=k1").run((context) -> {
			assertThat(context).hasNotFailed();
			PickleService service = context.getBean(PickleService.class);
			assertThat(service.pickler().signs()).isTrue();
			assertThat(service.pickler().requiresSignature()).isTrue();
			assertThat(service.pickler().refusesShadowedClasses()).isTrue();
			byte[] signed = service.dumps(List.of("a"));
			assertThat(service.loads(signed)).isEqualTo(List.of("a"));
			// The receiver verifies with the configured secret.
			assertThat(Pickler.builder().verifyWith(PayloadVerifier.hmacSha256("k1", SECRET)).build().loads(signed))
				.isEqualTo(List.of("a"));
			assertThatExceptionOfType(PayloadSignatureException.class)
				.isThrownBy(() -> service.loads(Pickler.builder().build().dumps("unsigned")))
				.withMessageStartingWith("payload is not signed");
			CloudPickleHttpMessageConvertersCustomizer customizer = context
				.getBean(CloudPickleHttpMessageConvertersCustomizer.class);
			assertThat(customizer.getServerConverter().isReadEnabled()).isTrue();
			CloudPickleSecurity security = context.getBean(CloudPickleSecurity.class);
			assertThat(security.describe()).startsWith("signed (HMAC key ids [k1], Ed25519 key ids [])")
				.contains("bytecode level STANDARD")
				.contains("allowed by-value packages []");
		});
	}

	@Test
	void clientConverterSignsButReadsAnswersWithoutGates() {
		this.runner.withPropertyValues(KEY, "cloudpickle.security.signing-key-id=k1").run((context) -> {
			CloudPickleHttpMessageConvertersCustomizer customizer = context
				.getBean(CloudPickleHttpMessageConvertersCustomizer.class);
			assertThat(customizer.getClientConverter().isReadEnabled()).isTrue();
			PickleService service = context.getBean(PickleService.class);
			PickleService client = CloudPickleAutoConfiguration.clientService(service,
					context.getBean(CloudPickleProperties.class), context.getBean(CloudPickleSecurity.class), null);
			assertThat(client.pickler().signs()).isTrue();
			assertThat(client.pickler().requiresSignature()).isFalse();
			assertThat(client.pickler().refusesShadowedClasses()).isFalse();
			assertThat(client.classSpace()).isSameAs(service.classSpace());
			assertThat(service.loads(client.dumps("x"))).isEqualTo("x");
		});
	}

	@Test
	void ed25519KeysVerifyAndSign() throws Exception {
		KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		String pub = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
		String priv = Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
		this.runner
			.withPropertyValues("cloudpickle.security.ed25519.public-keys.client-1=" + pub,
					"cloudpickle.security.ed25519.private-key=" + priv, "cloudpickle.security.signing-key-id=client-1",
					"cloudpickle.security.max-payload-age=5m", "cloudpickle.security.bytecode-level=strict",
					"cloudpickle.security.allowed-by-value-packages=com.acme.jobs")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				PickleService service = context.getBean(PickleService.class);
				assertThat(service.loads(service.dumps("hello"))).isEqualTo("hello");
				assertThat(context.getBean(CloudPickleSecurity.class).describe())
					.startsWith("signed (HMAC key ids [], Ed25519 key ids [client-1])")
					.contains("max payload age PT5M")
					.contains("bytecode level STRICT")
					.contains("allowed by-value packages [com.acme.jobs]");
			});
	}

	@Test
	void allowUnsignedWithoutKeysReadsUnsignedAndWarns(CapturedOutput output) {
		this.runner.withPropertyValues("cloudpickle.security.allow-unsigned=true").run((context) -> {
			PickleService service = context.getBean(PickleService.class);
			assertThat(service.pickler().requiresSignature()).isFalse();
			assertThat(service.pickler().refusesShadowedClasses()).isTrue();
			assertThat(context.getBean(CloudPickleSecurity.class).describe()).startsWith("UNSIGNED ALLOWED");
		});
		assertThat(output).contains("cloudpickle.security.allow-unsigned=true");
	}

	@Test
	void endpointShowsSecurityMode() {
		new WebApplicationContextRunner().withConfiguration(CLOUDPICKLE)
			.withPropertyValues("management.endpoints.web.exposure.include=cloudpickle",
					"management.endpoint.cloudpickle.show-values=always", KEY,
					"cloudpickle.security.allowed-by-value-packages=com.acme")
			.run((context) -> {
				CloudPickleEndpoint.Security security = context.getBean(CloudPickleEndpoint.class)
					.cloudpickle(org.springframework.boot.actuate.endpoint.SecurityContext.NONE)
					.security();
				assertThat(security.mode()).isEqualTo("signed (HMAC key ids [k1], Ed25519 key ids []), "
						+ "bytecode level STANDARD, allowed by-value packages [com.acme]");
				assertThat(security.httpReadEnabled()).isTrue();
				assertThat(security.allowUnsigned()).isFalse();
				assertThat(security.requiresSignature()).isTrue();
				assertThat(security.signs()).isFalse();
			});
	}

	@Test
	void textSecretsNeedThePrefix() {
		this.runner
			.withPropertyValues(
					"cloudpickle.security.hmac.keys.k1=text:" + new String(SECRET, StandardCharsets.US_ASCII),
					"cloudpickle.security.signing-key-id=k1")
			.run((context) -> {
				byte[] signed = context.getBean(PickleService.class).dumps("x");
				assertThat(Pickler.builder().verifyWith(PayloadVerifier.hmacSha256("k1", SECRET)).build().loads(signed))
					.isEqualTo("x");
			});
	}

	@Test
	void unknownSigningKeyIdFailsStartUp() {
		assertStartUpFails(List.of(KEY, "cloudpickle.security.signing-key-id=k2"),
				"cloudpickle.security.signing-key-id", "unknown key id 'k2'");
	}

	@Test
	void badBase64FailsStartUp() {
		assertStartUpFails(List.of("cloudpickle.security.hmac.keys.k1=not*base64!"),
				"cloudpickle.security.hmac.keys.k1", "not valid base64");
	}

	@Test
	void shortHmacKeyFailsStartUp() {
		assertStartUpFails(
				List.of("cloudpickle.security.hmac.keys.k1=" + Base64.getEncoder().encodeToString(new byte[16])),
				"cloudpickle.security.hmac.keys.k1", "16 bytes, fewer than the 32 required");
	}

	@Test
	void badEd25519KeysFailStartUp() {
		assertStartUpFails(
				List.of("cloudpickle.security.ed25519.public-keys.c1=" + Base64.getEncoder().encodeToString(SECRET)),
				"cloudpickle.security.ed25519.public-keys.c1", "not an Ed25519 public key");
		assertStartUpFails(
				List.of("cloudpickle.security.ed25519.private-key=" + Base64.getEncoder().encodeToString(SECRET),
						"cloudpickle.security.signing-key-id=c1"),
				"cloudpickle.security.ed25519.private-key", "not an Ed25519 private key");
		assertStartUpFails(
				List.of("cloudpickle.security.ed25519.private-key=" + Base64.getEncoder().encodeToString(SECRET)),
				"cloudpickle.security.signing-key-id", "must name the key id");
	}

	@Test
	void maxPayloadAgeWithoutKeysFailsStartUp() {
		assertStartUpFails(List.of("cloudpickle.security.max-payload-age=5m"), "cloudpickle.security.max-payload-age",
				"needs verification keys");
	}

	@Test
	void rejectReplaysWithoutAMaximumAgeFailsStartUp() {
		assertStartUpFails(
				List.of("cloudpickle.security.hmac.keys.k1=" + Base64.getEncoder().encodeToString(SECRET),
						"cloudpickle.security.reject-replays=true"),
				"cloudpickle.security.reject-replays", "needs cloudpickle.security.max-payload-age");
	}

	@Test
	void badKeyIdFailsStartUp() {
		assertStartUpFails(
				List.of("cloudpickle.security.hmac.keys[bad key]=" + Base64.getEncoder().encodeToString(SECRET)),
				"cloudpickle.security.hmac.keys", "");
	}

	private void assertStartUpFails(List<String> properties, String property, String problem) {
		this.runner.withPropertyValues(properties.toArray(String[]::new)).run((context) -> {
			assertThat(context).hasFailed();
			Throwable root = context.getStartupFailure();
			while (root.getCause() != null && !(root instanceof IllegalStateException
					&& root.getMessage().startsWith("Invalid cloudpickle.security."))) {
				root = root.getCause();
			}
			assertThat(root).isInstanceOf(IllegalStateException.class)
				.hasMessageStartingWith("Invalid " + property)
				.hasMessageContaining(problem);
			// Secrets are never echoed.
			assertThat(root.getMessage()).doesNotContain(Base64.getEncoder().encodeToString(SECRET));
		});
	}

}
