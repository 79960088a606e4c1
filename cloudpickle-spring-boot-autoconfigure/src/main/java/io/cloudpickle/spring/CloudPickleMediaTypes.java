package io.cloudpickle.spring;

import org.jspecify.annotations.Nullable;

import org.springframework.util.MimeType;

/**
 * The media type of cloudpickle payloads, in one place. {@code String} constants are for
 * annotations such as
 * {@code @PostMapping(consumes = CloudPickleMediaTypes.APPLICATION_CLOUDPICKLE_VALUE)}.
 *
 * <p>
 * Spring's {@code MediaType} lives in spring-web, which is optional here, so the typed
 * constant is a {@link MimeType}; use
 * {@code MediaType.asMediaType(CloudPickleMediaTypes.APPLICATION_CLOUDPICKLE)} or
 * {@code MediaType.parseMediaType(APPLICATION_CLOUDPICKLE_VALUE)} where a
 * {@code MediaType} is needed.
 */
public final class CloudPickleMediaTypes {

	/** {@value}: a payload made by {@code Pickler.dumps} (docs/FORMAT.md). */
	public static final String APPLICATION_CLOUDPICKLE_VALUE = "application/x-cloudpickle";

	/** {@code application/x-cloudpickle}. */
	public static final MimeType APPLICATION_CLOUDPICKLE = MimeType.valueOf(APPLICATION_CLOUDPICKLE_VALUE);

	private CloudPickleMediaTypes() {
	}

	/** Whether {@code type} is {@code application/x-cloudpickle} (parameters aside). */
	public static boolean isCloudPickle(@Nullable MimeType type) {
		return type != null && APPLICATION_CLOUDPICKLE.equalsTypeAndSubtype(type);
	}

}
