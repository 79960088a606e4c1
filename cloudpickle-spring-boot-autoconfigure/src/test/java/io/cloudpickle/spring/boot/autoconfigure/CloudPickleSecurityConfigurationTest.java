package io.cloudpickle.spring.boot.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import java.util.function.Function;

import io.cloudpickle.PayloadInfo;
import io.cloudpickle.PickleLimits;
import io.cloudpickle.Pickler;
import io.cloudpickle.ClassFilter;
import io.cloudpickle.ClassRefusedException;
import io.cloudpickle.security.PayloadSignatureException;
import io.cloudpickle.security.PayloadSigner;
import io.cloudpickle.security.PayloadVerifier;
import io.cloudpickle.spring.NetworkPickleServices;
import io.cloudpickle.spring.PickleService;
import com.example.fixtures.Closures;
import io.cloudpickle.spring.http.RequestSignatures;
import io.cloudpickle.spring.actuate.CloudPickleEndpoint;
import io.cloudpickle.spring.http.CloudPickleHttpMessageConvertersCustomizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.Ordered;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ExtendWith(OutputCaptureExtension.class)
class CloudPickleSecurityConfigurationTest {

	private static final AutoConfigurations CLOUDPICKLE = AutoConfigurations.of(CloudPickleAutoConfiguration.class,
			CloudPickleHttpMessageConvertersAutoConfiguration.class, CloudPickleCodecsAutoConfiguration.class,
			CloudPickleEndpointAutoConfiguration.class);

	private static final byte[] SECRET = "0123456789abcdef0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

	private static final String KEY = "cloudpickle.security.hmac.keys.k1=" + Base64.getEncoder().encodeToString(SECRET);

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(CLOUDPICKLE);

	@Test
	void hmacKeyEnablesVerifiedReadingAndSigningOnTheNetworkPicklersOnly(CapturedOutput output) {
		this.runner.withPropertyValues(KEY, "cloudpickle.security.signing-key-id=k1").run((context) -> {
			assertThat(context).hasNotFailed();
			NetworkPickleServices network = context.getBean(NetworkPickleServices.class);
			PickleService receiving = network.receiving();
			assertThat(receiving.pickler().requiresSignature()).isTrue();
			assertThat(receiving.pickler().refusesShadowedClasses()).isTrue();
			assertThat(receiving.limits()).isEqualTo(PickleLimits.network());
			assertThatExceptionOfType(PayloadSignatureException.class)
				.isThrownBy(() -> receiving.loads(Pickler.builder().build().dumps("unsigned")))
				.withMessageStartingWith("payload is not signed");
			PickleService signing = network.signing();
			byte[] signed = signing.dumps(List.of("a"));
			assertThat(receiving.loads(signed)).isEqualTo(List.of("a"));
			assertThat(Pickler.builder().verifyWith(PayloadVerifier.hmacSha256("k1", SECRET)).build().loads(signed))
				.isEqualTo(List.of("a"));
			assertThat(signing.pickler().requiresSignature()).isFalse();
			assertThat(signing.classSpace()).isSameAs(receiving.classSpace());
			// The application's own service is trusted: no signing, no verification.
			PickleService local = context.getBean(PickleService.class);
			assertThat(local.pickler().signs()).isFalse();
			assertThat(local.pickler().requiresSignature()).isFalse();
			assertThat(local.classSpace()).isSameAs(receiving.classSpace());
			CloudPickleHttpMessageConvertersCustomizer customizer = context
				.getBean(CloudPickleHttpMessageConvertersCustomizer.class);
			assertThat(customizer.getServerConverter().isReadEnabled()).isTrue();
			assertThat(customizer.getClientConverter().isReadEnabled()).isTrue();
			CloudPickleSecurity security = context.getBean(CloudPickleSecurity.class);
			assertThat(security.describe()).startsWith("signed (HMAC key ids [k1], Ed25519 key ids [])")
				.contains("max payload age PT5M", "replays refused", "bytecode level STANDARD",
						"allowed by-value packages []", "signing with key id k1");
			assertThat(security.requestVerifier()).isNotNull();
			assertThat(security.requestVerifier().rejectsReplays()).isTrue();
			assertThat(context.getBean(RequestSignatures.class).signs()).isTrue();
		});
		// One INFO line with the security mode and the limits.
		assertThat(output).containsOnlyOnce("cloudpickle: signed (HMAC key ids [k1], Ed25519 key ids [])")
			.contains("network limits: defaults");
	}

	@Test
	void theApplicationsOwnPickleServiceRoundTripsWhateverTheSecuritySettings() {
		// A client that signs (hmac.keys) and ships its closures by value: its own
		// loads(dumps(x)) needs no allow-list and no signature, and a stored payload
		// never expires.
		this.runner
			.withPropertyValues(KEY, "cloudpickle.security.signing-key-id=k1",
					"cloudpickle.security.max-payload-age=1ms", "cloudpickle.by-value-packages=com.example.fixtures")
			.run((context) -> {
				PickleService local = context.getBean(PickleService.class);
				byte[] stored = local.dumps(Closures.countLongerThan(2));
				assertThat(PayloadInfo.of(stored).shipsClasses()).isTrue();
				Thread.sleep(20);
				@SuppressWarnings("unchecked")
				Function<List<String>, Object> job = (Function<List<String>, Object>) local.loads(stored);
				assertThat(job.apply(List.of("a", "abc", "abcd"))).hasToString("Count[n=2]");
				// The receiving pickler refuses the same payloads: unsigned, then
				// expired.
				PickleService receiving = context.getBean(NetworkPickleServices.class).receiving();
				assertThatExceptionOfType(PayloadSignatureException.class).isThrownBy(() -> receiving.loads(stored))
					.withMessageStartingWith("payload is not signed");
				byte[] signed = context.getBean(NetworkPickleServices.class).signing().dumps("x");
				Thread.sleep(20);
				assertThatExceptionOfType(PayloadSignatureException.class).isThrownBy(() -> receiving.loads(signed))
					.withMessageContaining("expired");
				assertThat(local.loads(signed)).isEqualTo("x");
			});
	}

	@Test
	void picklerBuilderCustomizersApplyInOrderToEveryPicklerButCannotWeakenTheReceivingGates() {
		List<String> calls = new CopyOnWriteArrayList<>();
		this.runner.withPropertyValues(KEY, "cloudpickle.security.allowed-by-value-packages=com.acme")
			.withBean("late", PicklerBuilderCustomizer.class, () -> new OrderedCustomizer(10, "late", calls))
			.withBean("early", PicklerBuilderCustomizer.class, () -> new OrderedCustomizer(-10, "early", calls))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				// the PickleService, then the receiving and signing picklers
				assertThat(calls).containsExactly("early", "late", "early", "late", "early", "late");
				assertThat(context.getBean(PickleService.class).pickler().byValuePackages()).contains("com.extra");
				PickleService receiving = context.getBean(NetworkPickleServices.class).receiving();
				assertThat(receiving.pickler().byValuePackages()).contains("com.extra");
				// "late" allowed every class; the receiving pickler's gates still apply.
				byte[] shipping = Pickler.builder()
					.byValuePackages("com.example.fixtures")
					.signWith(PayloadSigner.hmacSha256("k1", SECRET).withIssuedAt())
					.build()
					.dumps(Closures.countLongerThan(1));
				assertThatExceptionOfType(ClassRefusedException.class).isThrownBy(() -> receiving.loads(shipping));
			});
	}

	static final class OrderedCustomizer implements PicklerBuilderCustomizer, Ordered {

		private final int order;

		private final String name;

		private final List<String> calls;

		OrderedCustomizer(int order, String name, List<String> calls) {
			this.order = order;
			this.name = name;
			this.calls = calls;
		}

		@Override
		public int getOrder() {
			return this.order;
		}

		@Override
		public void customize(Pickler.Builder builder) {
			this.calls.add(this.name);
			builder.byValuePackages("com.extra").classFilter(ClassFilter.ALLOW_ALL);
		}

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
				NetworkPickleServices network = context.getBean(NetworkPickleServices.class);
				assertThat(network.receiving().loads(network.signing().dumps("hello"))).isEqualTo("hello");
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
			PickleService service = context.getBean(NetworkPickleServices.class).receiving();
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
						+ "max payload age PT5M, replays refused, bytecode level STANDARD, "
						+ "allowed by-value packages [com.acme]");
				assertThat(security.httpReadEnabled()).isTrue();
				assertThat(security.allowUnsigned()).isFalse();
				assertThat(security.requiresSignature()).isTrue();
				assertThat(security.signs()).isFalse();
			});
	}

	@Test
	void endpointDescribesTheReceivingAndTheSigningSide() throws Exception {
		String privateKey = Base64.getEncoder()
			.encodeToString(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded());
		WebApplicationContextRunner client = new WebApplicationContextRunner().withConfiguration(CLOUDPICKLE)
			.withPropertyValues("management.endpoints.web.exposure.include=cloudpickle", KEY,
					"cloudpickle.security.signing-key-id=k1", "cloudpickle.security.signed-headers=X-Task-Timeout",
					"cloudpickle.security.allowed-by-value-packages=com.acme");
		client.withPropertyValues("management.endpoint.cloudpickle.show-values=always").run((context) -> {
			CloudPickleEndpoint.Security security = context.getBean(CloudPickleEndpoint.class)
				.cloudpickle(org.springframework.boot.actuate.endpoint.SecurityContext.NONE)
				.security();
			assertThat(security.signs()).isTrue();
			assertThat(security.signing())
				.isEqualTo(new CloudPickleEndpoint.Signing(true, true, "k1", java.util.List.of("x-task-timeout")));
			assertThat(security.requiresSignature()).isTrue();
			assertThat(security.receiving())
				.isEqualTo(new CloudPickleEndpoint.Receiving(true, true, java.util.List.of("k1")));
			assertThat(security.mode()).endsWith("signing with key id k1");
		});
		client.run((context) -> {
			CloudPickleEndpoint.Security masked = context.getBean(CloudPickleEndpoint.class)
				.cloudpickle(org.springframework.boot.actuate.endpoint.SecurityContext.NONE)
				.security();
			assertThat(masked.signing().keyId()).isEqualTo(CloudPickleEndpoint.MASK);
			assertThat(masked.signing().signsPayloads()).isTrue();
			assertThat(masked.receiving().verificationKeyIds()).containsExactly(CloudPickleEndpoint.MASK);
			assertThat(masked.mode()).doesNotContain("k1", "com.acme")
				.endsWith("signing with key id " + CloudPickleEndpoint.MASK);
		});
		// A pure client: signs, reads no request bodies.
		new WebApplicationContextRunner().withConfiguration(CLOUDPICKLE)
			.withPropertyValues("management.endpoints.web.exposure.include=cloudpickle",
					"management.endpoint.cloudpickle.show-values=always",
					"cloudpickle.security.ed25519.private-key=" + privateKey,
					"cloudpickle.security.signing-key-id=client-1")
			.run((context) -> {
				CloudPickleEndpoint.Security security = context.getBean(CloudPickleEndpoint.class)
					.cloudpickle(org.springframework.boot.actuate.endpoint.SecurityContext.NONE)
					.security();
				assertThat(security.signing().signsPayloads()).isTrue();
				assertThat(security.signing().keyId()).isEqualTo("client-1");
				assertThat(security.receiving().readsRequestBodies()).isFalse();
				assertThat(security.receiving().verificationKeyIds()).isEmpty();
			});
	}

	@Test
	void textSecretsNeedThePrefix() {
		this.runner
			.withPropertyValues(
					"cloudpickle.security.hmac.keys.k1=text:" + new String(SECRET, StandardCharsets.US_ASCII),
					"cloudpickle.security.signing-key-id=k1")
			.run((context) -> {
				byte[] signed = context.getBean(NetworkPickleServices.class).signing().dumps("x");
				assertThat(Pickler.builder().verifyWith(PayloadVerifier.hmacSha256("k1", SECRET)).build().loads(signed))
					.isEqualTo("x");
			});
	}

	@Test
	void unknownSigningKeyIdFailsStartUp() {
		assertStartUpFails(List.of(KEY, "cloudpickle.security.signing-key-id=k2"),
				"cloudpickle.security.signing-key-id", "names the unknown key id 'k2'");
	}

	@Test
	void badBase64FailsStartUp() {
		assertStartUpFails(List.of("cloudpickle.security.hmac.keys.k1=not*base64!"),
				"cloudpickle.security.hmac.keys.k1", "is not valid base64");
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
	void unresolvedPlaceholdersNeverBecomeTheSecret() {
		// text: and 36 characters long: this used to become the secret itself.
		assertStartUpFails(List.of("cloudpickle.security.hmac.keys.k1=text:${ACME_PROD_CLOUDPICKLE_HMAC_SECRET}"),
				"cloudpickle.security.hmac.keys.k1",
				"unresolved placeholder ${ACME_PROD_CLOUDPICKLE_HMAC_SECRET}: the environment variable or property "
						+ "ACME_PROD_CLOUDPICKLE_HMAC_SECRET is not set");
		// base64 form: says the variable is unset, not "not valid base64".
		assertStartUpFails(List.of("cloudpickle.security.hmac.keys.demo=${CLOUDPICKLE_HMAC_KEY}"),
				"cloudpickle.security.hmac.keys.demo", "CLOUDPICKLE_HMAC_KEY is not set");
		assertStartUpFails(List.of("cloudpickle.security.ed25519.public-keys.c1=${CLIENT_PUBLIC_KEY}"),
				"cloudpickle.security.ed25519.public-keys.c1", "CLIENT_PUBLIC_KEY is not set");
	}

	@Test
	void shortTextSecretFailsStartUp() {
		assertStartUpFails(List.of("cloudpickle.security.hmac.keys.k1=text:only-twenty-six-characters"),
				"cloudpickle.security.hmac.keys.k1", "26 bytes, fewer than the 32 required");
	}

	@Test
	void nonPositiveMaxPayloadAgeFailsStartUp() {
		assertStartUpFails(List.of(KEY, "cloudpickle.security.max-payload-age=0s"),
				"cloudpickle.security.max-payload-age", "must be positive");
	}

	@Test
	void unknownKeysUnderSecurityFailStartUp() {
		this.runner.withPropertyValues("cloudpickle.security.hmac.key=" + Base64.getEncoder().encodeToString(SECRET))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(UnboundConfigurationPropertiesException.class)
					.hasMessageContaining("cloudpickle.security.hmac.key");
			});
	}

	@Test
	void invalidSettingsGetAFailureAnalysisNamingThePropertyAndTheAction() {
		this.runner.withPropertyValues("cloudpickle.security.hmac.keys.k1=${UNSET_SECRET}").run((context) -> {
			assertThat(context).hasFailed();
			// Registered in META-INF/spring.factories; analyzers that need arguments are
			// skipped here.
			List<FailureAnalyzer> analyzers = SpringFactoriesLoader
				.forDefaultResourceLocation(getClass().getClassLoader())
				.load(FailureAnalyzer.class, (type, name, failure) -> {
				});
			FailureAnalysis analysis = analyzers.stream()
				.filter(CloudPickleConfigurationFailureAnalyzer.class::isInstance)
				.map((analyzer) -> analyzer.analyze(context.getStartupFailure()))
				.findFirst()
				.orElseThrow();
			assertThat(analysis.getDescription())
				.isEqualTo("Invalid cloudpickle configuration: cloudpickle.security.hmac.keys.k1 holds the unresolved "
						+ "placeholder ${UNSET_SECRET}: the environment variable or property UNSET_SECRET is not set.");
			assertThat(analysis.getAction()).contains("Set the environment variable UNSET_SECRET");
		});
	}

	@Test
	void signedHeadersAreCoveredAndRequired() {
		this.runner
			.withPropertyValues(KEY, "cloudpickle.security.signing-key-id=k1",
					"cloudpickle.security.signed-headers=X-Compute-Timeout-Millis")
			.run((context) -> {
				CloudPickleSecurity security = context.getBean(CloudPickleSecurity.class);
				assertThat(security.requestSigner().significantHeaders()).containsExactly("x-compute-timeout-millis");
				assertThat(security.requestVerifier().significantHeaders()).containsExactly("x-compute-timeout-millis");
			});
		assertStartUpFails(List.of(KEY, "cloudpickle.security.signed-headers=not a header"),
				"cloudpickle.security.signed-headers", "not an HTTP header name");
	}

	@Test
	void badKeyIdFailsStartUp() {
		assertStartUpFails(
				List.of("cloudpickle.security.hmac.keys[bad key]=" + Base64.getEncoder().encodeToString(SECRET)),
				"cloudpickle.security.hmac.keys",
				"a key id must be 1 to 64 characters of letters, digits, '.', '_', ':' or '-', got 'bad key'");
	}

	private void assertStartUpFails(List<String> properties, String property, String problem) {
		this.runner.withPropertyValues(properties.toArray(String[]::new)).run((context) -> {
			assertThat(context).hasFailed();
			Throwable root = context.getStartupFailure();
			while (root.getCause() != null && !(root instanceof CloudPickleConfigurationException)) {
				root = root.getCause();
			}
			assertThat(root).isInstanceOf(CloudPickleConfigurationException.class)
				.hasMessageStartingWith("Invalid " + property)
				.hasMessageContaining(problem);
			// Secrets are never echoed.
			assertThat(root.getMessage()).doesNotContain(Base64.getEncoder().encodeToString(SECRET));
		});
	}

}
