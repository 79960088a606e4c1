package io.cloudpickle.spring.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.cloudpickle.ClassSpace;
import io.cloudpickle.PickleLimit;
import io.cloudpickle.PickleLimits;
import io.cloudpickle.spring.NetworkPickleServices;
import io.cloudpickle.spring.PickleService;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/cloudpickle}: the by-value packages, limits and security mode of the
 * receiving pickler, what the signing pickler signs, and the receiver's class space (its
 * bundle loaders, with the name, SHA-256 and size of every class received by value).
 * Expose it over HTTP with {@code management.endpoints.web.exposure.include=cloudpickle}.
 *
 * <p>
 * Like Boot's {@code env} and {@code configprops} endpoints, it shows values that tell an
 * attacker what to aim at (key ids, packages, the names and hashes of received classes)
 * only when {@code management.endpoint.cloudpickle.show-values} says so ({@code never},
 * the default, {@code when-authorized} with
 * {@code management.endpoint.cloudpickle.roles}, or {@code always}); otherwise they read
 * {@value #MASK}. Limits and counts are always shown.
 */
@Endpoint(id = "cloudpickle")
public class CloudPickleEndpoint {

	/** What a value that is not shown reads. */
	public static final String MASK = "******";

	/** Bracketed lists (key ids, packages) and the signing key id in the mode. */
	private static final Pattern SECRETS = Pattern.compile("\\[[^\\]]*]|(?<=key id )[^,;\\s]+");

	private final NetworkPickleServices services;

	private final Settings settings;

	private final Show showValues;

	private final Set<String> roles;

	/**
	 * Describes one service that both receives and signs, with values masked.
	 * @param pickleService the service described
	 * @param httpEnabled whether the HTTP converters and codecs are registered
	 * @param allowUnsigned whether unsigned request bodies are loaded
	 * @param readEnabled whether request bodies are loaded at all (verification keys or
	 * allow-unsigned)
	 * @param securityMode the security mode for humans, e.g.
	 * {@code signed (HMAC key ids [k1], Ed25519 key ids []),
	 * bytecode level STANDARD, allowed by-value packages [com.acme]} or
	 * {@code UNSIGNED ALLOWED, ...}
	 */
	public CloudPickleEndpoint(PickleService pickleService, boolean httpEnabled, boolean allowUnsigned,
			boolean readEnabled, String securityMode) {
		this(pickleService, httpEnabled, allowUnsigned, readEnabled, securityMode, Show.NEVER, Set.of());
	}

	/**
	 * Describes one service that both receives and signs.
	 * @param pickleService the service described
	 * @param httpEnabled whether the HTTP converters and codecs are registered
	 * @param allowUnsigned whether unsigned request bodies are loaded
	 * @param readEnabled whether request bodies are loaded at all
	 * @param securityMode the security mode for humans; bracketed lists in it (key ids,
	 * packages) are masked unless values are shown
	 * @param showValues when key ids, packages and class names are shown
	 * @param roles the roles that see them with {@link Show#WHEN_AUTHORIZED}
	 */
	public CloudPickleEndpoint(PickleService pickleService, boolean httpEnabled, boolean allowUnsigned,
			boolean readEnabled, String securityMode, Show showValues, Set<String> roles) {
		this(new NetworkPickleServices(pickleService, pickleService),
				new Settings(httpEnabled, allowUnsigned, readEnabled, securityMode, List.of(), null, false, List.of()),
				showValues, roles);
	}

	/**
	 * @param services the receiving pickler (its limits, gates and class space are what
	 * the network meets) and the signing one (outgoing bodies)
	 * @param settings the security settings behind them
	 * @param showValues when key ids, packages and class names are shown
	 * @param roles the roles that see them with {@link Show#WHEN_AUTHORIZED}
	 */
	public CloudPickleEndpoint(NetworkPickleServices services, Settings settings, Show showValues, Set<String> roles) {
		this.services = services;
		this.settings = settings;
		this.showValues = showValues;
		this.roles = Set.copyOf(roles);
	}

	@ReadOperation
	public CloudPickleDescriptor cloudpickle(SecurityContext securityContext) {
		return describe(this.showValues.isShown(securityContext, this.roles));
	}

	private CloudPickleDescriptor describe(boolean show) {
		PickleService receiving = this.services.receiving();
		PickleLimits limits = receiving.limits();
		Map<String, Object> limitMap = new LinkedHashMap<>();
		for (PickleLimit limit : PickleLimit.values()) {
			limitMap.put(limit.limitName(), limit.valueIn(limits));
		}
		Settings settings = this.settings;
		String mode = show ? settings.mode() : SECRETS.matcher(settings.mode())
			.replaceAll((match) -> match.group().startsWith("[") ? "[" + MASK + "]" : MASK);
		Receiving receivingSide = new Receiving(settings.httpEnabled() && settings.readEnabled(),
				receiving.pickler().requiresSignature(), masked(settings.verificationKeyIds(), show));
		PickleService signing = this.services.signing();
		String keyId = settings.signingKeyId();
		Signing signingSide = new Signing(signing.pickler().signs(), settings.signsRequests(),
				(keyId != null && !show) ? MASK : keyId, settings.signedHeaders());
		Security security = new Security(mode, settings.httpEnabled(), settings.allowUnsigned(),
				settings.httpEnabled() && settings.readEnabled(), signing.pickler().signs(),
				receiving.pickler().requiresSignature(), receivingSide, signingSide);
		ClassSpace.Stats stats = receiving.classSpace().stats();
		List<Bundle> bundles = stats.bundles()
			.stream()
			.map((bundle) -> new Bundle(bundle.loaderName(), bundle.classes().size(),
					bundle.classes().stream().mapToLong(ClassSpace.ReceivedClass::size).sum(),
					bundle.classes().stream().map((c) -> shipped(c, show)).toList()))
			.toList();
		ClassSpace.Counts counts = stats.counts();
		ClassSpaceDescriptor classSpace = new ClassSpaceDescriptor(counts.loaders(), counts.classes(),
				counts.classBytes(), counts.evictions(), counts.loadersCreated(), bundles);
		List<String> packages = receiving.pickler().byValuePackages();
		return new CloudPickleDescriptor(masked(packages, show), limitMap, security, classSpace);
	}

	private static List<String> masked(List<String> values, boolean show) {
		return show ? values : values.stream().map((value) -> MASK).toList();
	}

	private static ShippedClassDescriptor shipped(ClassSpace.ReceivedClass received, boolean show) {
		return new ShippedClassDescriptor(show ? received.name() : MASK, show ? received.sha256() : MASK,
				received.size());
	}

	/**
	 * The endpoint's answer.
	 *
	 * @param byValuePackages packages shipped by value (configured plus the global
	 * registry if used)
	 * @param limits limits applied when loading
	 * @param security security mode
	 * @param classSpace the receiver's class space
	 */
	public record CloudPickleDescriptor(List<String> byValuePackages, Map<String, Object> limits, Security security,
			ClassSpaceDescriptor classSpace) implements OperationResponseBody {
	}

	/**
	 * The security settings the endpoint describes, besides what the picklers say of
	 * themselves.
	 *
	 * @param httpEnabled whether the HTTP converters and codecs are registered
	 * @param allowUnsigned whether unsigned request bodies are loaded
	 * @param readEnabled whether request bodies are loaded at all (verification keys or
	 * allow-unsigned)
	 * @param mode the security mode for humans; bracketed lists (key ids, packages) and
	 * the signing key id in it are masked unless values are shown
	 * @param verificationKeyIds the ids of the keys request bodies are verified with
	 * @param signingKeyId the id of the key outgoing requests and bodies are signed with,
	 * or null
	 * @param signsRequests whether outgoing HTTP requests are signed
	 * @param signedHeaders the headers signatures cover besides the fixed ones
	 */
	public record Settings(boolean httpEnabled, boolean allowUnsigned, boolean readEnabled, String mode,
			List<String> verificationKeyIds, @Nullable String signingKeyId, boolean signsRequests,
			List<String> signedHeaders) {
	}

	/**
	 * @param mode the mode
	 * @param httpEnabled whether the HTTP converters and codecs are registered
	 * @param allowUnsigned whether unsigned payloads may be read from the network
	 * @param httpReadEnabled whether request bodies are loaded
	 * @param signs whether outgoing bodies are signed (as {@code signing.signsPayloads})
	 * @param requiresSignature whether request bodies must be signed (as
	 * {@code receiving.requiresSignature})
	 * @param receiving the side that loads request bodies
	 * @param signing the side that pickles outgoing bodies
	 */
	public record Security(String mode, boolean httpEnabled, boolean allowUnsigned, boolean httpReadEnabled,
			boolean signs, boolean requiresSignature, Receiving receiving, Signing signing) {
	}

	/**
	 * The receiving side: the pickler that loads request bodies.
	 *
	 * @param readsRequestBodies whether request bodies are loaded at all
	 * @param requiresSignature whether unsigned payloads are refused
	 * @param verificationKeyIds the ids of the keys signatures are verified with
	 */
	public record Receiving(boolean readsRequestBodies, boolean requiresSignature, List<String> verificationKeyIds) {
	}

	/**
	 * The signing side: the pickler that pickles request and response bodies.
	 *
	 * @param signsPayloads whether the payloads it makes carry a signature
	 * @param signsRequests whether outgoing HTTP requests are signed (RestClient,
	 * RestTemplate, WebClient)
	 * @param keyId the signing key's id, or null if nothing is signed
	 * @param signedHeaders the headers request signatures cover besides the fixed ones
	 */
	public record Signing(boolean signsPayloads, boolean signsRequests, @Nullable String keyId,
			List<String> signedHeaders) {
	}

	/**
	 * @param loaders loaders in the cache
	 * @param classes classes they hold
	 * @param classBytes class file bytes they hold
	 * @param evictions loaders evicted so far
	 * @param loadersCreated loaders created so far
	 * @param bundles each loader and its classes
	 */
	public record ClassSpaceDescriptor(int loaders, int classes, long classBytes, long evictions, long loadersCreated,
			List<Bundle> bundles) {
	}

	/**
	 * @param loader loader name
	 * @param classCount number of classes
	 * @param classBytes class file bytes
	 * @param classes the classes
	 */
	public record Bundle(String loader, int classCount, long classBytes, List<ShippedClassDescriptor> classes) {
	}

	/**
	 * @param name binary class name
	 * @param sha256 SHA-256 of the class file, hex
	 * @param size class file size in bytes
	 */
	public record ShippedClassDescriptor(String name, String sha256, int size) {
	}

}
