package io.cloudpickle.spring.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.cloudpickle.ClassSpace;
import io.cloudpickle.PickleLimit;
import io.cloudpickle.PickleLimits;
import io.cloudpickle.spring.PickleService;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/cloudpickle}: the by-value packages, limits and security mode of the
 * {@link PickleService}, and the receiver's class space (its bundle loaders, with the
 * name, SHA-256 and size of every class received by value). Expose it over HTTP with
 * {@code management.endpoints.web.exposure.include=cloudpickle}.
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

	private final PickleService pickleService;

	private final boolean httpEnabled;

	private final boolean allowUnsigned;

	private final boolean readEnabled;

	private final String securityMode;

	private final Show showValues;

	private final Set<String> roles;

	/** What a value that is not shown reads. */
	public static final String MASK = "******";

	private static final Pattern LIST = Pattern.compile("\\[[^\\]]*]");

	/**
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
		this.pickleService = pickleService;
		this.httpEnabled = httpEnabled;
		this.allowUnsigned = allowUnsigned;
		this.readEnabled = readEnabled;
		this.securityMode = securityMode;
		this.showValues = showValues;
		this.roles = Set.copyOf(roles);
	}

	@ReadOperation
	public CloudPickleDescriptor cloudpickle(SecurityContext securityContext) {
		return describe(this.showValues.isShown(securityContext, this.roles));
	}

	private CloudPickleDescriptor describe(boolean show) {
		PickleLimits limits = this.pickleService.limits();
		Map<String, Object> limitMap = new LinkedHashMap<>();
		for (PickleLimit limit : PickleLimit.values()) {
			limitMap.put(limit.limitName(), limit.valueIn(limits));
		}
		String mode = show ? this.securityMode : LIST.matcher(this.securityMode).replaceAll("[" + MASK + "]");
		Security security = new Security(mode, this.httpEnabled, this.allowUnsigned,
				this.httpEnabled && this.readEnabled, this.pickleService.pickler().signs(),
				this.pickleService.pickler().requiresSignature());
		ClassSpace.Stats stats = this.pickleService.classSpace().stats();
		List<Bundle> bundles = stats.bundles()
			.stream()
			.map((bundle) -> new Bundle(bundle.loaderName(), bundle.classes().size(),
					bundle.classes().stream().mapToLong(ClassSpace.ReceivedClass::size).sum(),
					bundle.classes().stream().map((c) -> shipped(c, show)).toList()))
			.toList();
		ClassSpace.Counts counts = stats.counts();
		ClassSpaceDescriptor classSpace = new ClassSpaceDescriptor(counts.loaders(), counts.classes(),
				counts.classBytes(), counts.evictions(), counts.loadersCreated(), bundles);
		List<String> packages = this.pickleService.pickler().byValuePackages();
		return new CloudPickleDescriptor(show ? packages : packages.stream().map((p) -> MASK).toList(), limitMap,
				security, classSpace);
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
	 * @param mode the mode
	 * @param httpEnabled whether the HTTP converters and codecs are registered
	 * @param allowUnsigned whether unsigned payloads may be read from the network
	 * @param httpReadEnabled whether request bodies are loaded
	 * @param signs whether payloads made by the service are signed
	 * @param requiresSignature whether the service refuses unsigned payloads
	 */
	public record Security(String mode, boolean httpEnabled, boolean allowUnsigned, boolean httpReadEnabled,
			boolean signs, boolean requiresSignature) {
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
