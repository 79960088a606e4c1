package io.cloudpickle.spring.boot.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import io.cloudpickle.PickleLimits;
import io.cloudpickle.spring.NetworkPickleServices;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every default in README.md's table of {@code cloudpickle.*} properties is the one an
 * application gets: read from the README itself, compared with the properties bound
 * without configuration, and (for the limits) with the limits of the receiving
 * {@link NetworkPickleServices#receiving() pickler} built from them.
 */
class DocumentedDefaultsTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CloudPickleAutoConfiguration.class));

	/** Each documented property, read from the properties bound with no configuration. */
	private static final Map<String, Function<Bound, Object>> PROPERTIES = new LinkedHashMap<>();

	static {
		PROPERTIES.put("cloudpickle.by-value-packages", (b) -> b.general().getByValuePackages());
		PROPERTIES.put("cloudpickle.use-global-registry", (b) -> b.general().isUseGlobalRegistry());
		PROPERTIES.put("cloudpickle.clean-closures", (b) -> b.general().isCleanClosures());
		PROPERTIES.put("cloudpickle.beans-by-reference", (b) -> b.general().isBeansByReference());
		PROPERTIES.put("cloudpickle.http.enabled", (b) -> b.general().getHttp().isEnabled());
		PROPERTIES.put("cloudpickle.http.peer-classes", (b) -> b.general().getHttp().isPeerClasses());
		PROPERTIES.put("cloudpickle.security.hmac.keys.<id>", (b) -> b.security().getHmac().getKeys());
		PROPERTIES.put("cloudpickle.security.ed25519.public-keys.<id>",
				(b) -> b.security().getEd25519().getPublicKeys());
		PROPERTIES.put("cloudpickle.security.signing-key-id", (b) -> b.security().getSigningKeyId());
		PROPERTIES.put("cloudpickle.security.max-payload-age", (b) -> b.security().getMaxPayloadAge());
		PROPERTIES.put("cloudpickle.security.reject-replays", (b) -> b.security().isRejectReplays());
		PROPERTIES.put("cloudpickle.security.replay-guard-size", (b) -> b.security().getReplayGuardSize());
		PROPERTIES.put("cloudpickle.security.signed-headers", (b) -> b.security().getSignedHeaders());
		PROPERTIES.put("cloudpickle.security.allowed-by-value-packages",
				(b) -> b.security().getAllowedByValuePackages());
		PROPERTIES.put("cloudpickle.security.bytecode-level", (b) -> b.security().getBytecodeLevel());
		PROPERTIES.put("cloudpickle.security.refuse-shadowed-classes", (b) -> b.security().isRefuseShadowedClasses());
		PROPERTIES.put("cloudpickle.security.allow-unsigned", (b) -> b.security().isAllowUnsigned());
		PROPERTIES.put("cloudpickle.limits.max-payload-size", (b) -> b.general().getLimits().getMaxPayloadSize());
		PROPERTIES.put("cloudpickle.limits.max-depth", (b) -> b.general().getLimits().getMaxDepth());
		PROPERTIES.put("cloudpickle.limits.max-objects", (b) -> b.general().getLimits().getMaxObjects());
		PROPERTIES.put("cloudpickle.limits.max-array-length", (b) -> b.general().getLimits().getMaxArrayLength());
		PROPERTIES.put("cloudpickle.limits.max-string-length", (b) -> b.general().getLimits().getMaxStringLength());
		PROPERTIES.put("cloudpickle.limits.max-classes", (b) -> b.general().getLimits().getMaxClasses());
		PROPERTIES.put("cloudpickle.limits.max-class-size", (b) -> b.general().getLimits().getMaxClassSize());
		PROPERTIES.put("cloudpickle.limits.max-hash-work", (b) -> b.general().getLimits().getMaxHashWork());
		PROPERTIES.put("cloudpickle.class-space.max-loaders", (b) -> b.general().getClassSpace().getMaxLoaders());
		PROPERTIES.put("cloudpickle.class-space.max-classes", (b) -> b.general().getClassSpace().getMaxClasses());
		PROPERTIES.put("cloudpickle.class-space.max-classes-per-loader",
				(b) -> b.general().getClassSpace().getMaxClassesPerLoader());
		PROPERTIES.put("cloudpickle.class-space.max-size", (b) -> b.general().getClassSpace().getMaxSize());
	}

	@Test
	void everyDefaultTheReadmeListsIsTheBoundDefault() throws IOException {
		Map<String, String> documented = documentedDefaults();
		assertThat(documented.keySet()).as("properties in README.md's table")
			.containsExactlyInAnyOrderElementsOf(PROPERTIES.keySet());
		this.runner.run((context) -> {
			Bound properties = new Bound(context.getBean(CloudPickleProperties.class),
					context.getBean(CloudPickleSecurityProperties.class));
			for (Map.Entry<String, String> entry : documented.entrySet()) {
				Object actual = PROPERTIES.get(entry.getKey()).apply(properties);
				assertThat(matches(entry.getValue(), actual))
					.as("%s: README says %s, the default is %s", entry.getKey(), entry.getValue(), actual)
					.isTrue();
			}
		});
	}

	@Test
	void theServiceHasTheDocumentedLimits() throws IOException {
		Map<String, String> documented = documentedDefaults();
		PickleLimits expected = new PickleLimits(size(documented, "max-payload-size"), number(documented, "max-depth"),
				number(documented, "max-objects"), number(documented, "max-array-length"),
				number(documented, "max-string-length"), number(documented, "max-classes"),
				size(documented, "max-class-size"), Long.parseLong(documented.get("cloudpickle.limits.max-hash-work")));
		this.runner.run((context) -> assertThat(context.getBean(NetworkPickleServices.class).receiving().limits())
			.isEqualTo(expected));
	}

	/** The two property classes the starter binds {@code cloudpickle.*} to. */
	private record Bound(CloudPickleProperties general, CloudPickleSecurityProperties security) {
	}

	private static int number(Map<String, String> documented, String limit) {
		return Integer.parseInt(documented.get("cloudpickle.limits." + limit));
	}

	private static long size(Map<String, String> documented, String limit) {
		return DataSize.parse(documented.get("cloudpickle.limits." + limit)).toBytes();
	}

	private static boolean matches(String documented, Object actual) {
		return switch (documented) {
			case "empty" -> (actual instanceof List<?> list) ? list.isEmpty() : ((Map<?, ?>) actual).isEmpty();
			case "none" -> ((Map<?, ?>) actual).isEmpty();
			case "unset", "no limit" -> actual == null;
			default -> {
				if (actual instanceof Duration duration) {
					yield DurationStyle.detectAndParse(documented).equals(duration);
				}
				if (actual instanceof DataSize dataSize) {
					yield DataSize.parse(documented).equals(dataSize);
				}
				if (actual instanceof Enum<?> constant) {
					yield constant.name().toLowerCase(Locale.ROOT).equals(documented);
				}
				yield String.valueOf(actual).equals(documented);
			}
		};
	}

	/**
	 * Rows like {@code | `cloudpickle.limits.max-classes` / `max-class-size` | `1000` /
	 * `16MB` | ... |}: one entry per property, its name completed from the first, and its
	 * value the one in the same place (or the only one).
	 */
	static Map<String, String> documentedDefaults() throws IOException {
		Map<String, String> defaults = new LinkedHashMap<>();
		for (String line : Files.readAllLines(readme(), StandardCharsets.UTF_8)) {
			if (!line.startsWith("| `cloudpickle.")) {
				continue;
			}
			String[] cells = line.split("\\|");
			List<String> names = new ArrayList<>();
			for (String name : cells[1].split(" / ")) {
				name = name.trim().replace("`", "");
				names.add(names.isEmpty() ? name : names.get(0).substring(0, names.get(0).lastIndexOf('.') + 1) + name);
			}
			String[] values = cells[2].split(" / ");
			if (values.length != 1) {
				assertThat(values).as(line).hasSameSizeAs(names);
			}
			for (int i = 0; i < names.size(); i++) {
				// one value for several properties applies to each
				defaults.put(names.get(i), values[(values.length == 1) ? 0 : i].trim().replace("`", ""));
			}
		}
		return defaults;
	}

	private static Path readme() {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path readme = dir.resolve("README.md");
			if (Files.isRegularFile(readme) && Files.isDirectory(dir.resolve("cloudpickle-core"))) {
				return readme;
			}
		}
		throw new IllegalStateException("README.md not found above " + Path.of("").toAbsolutePath());
	}

}
