package io.cloudpickle.spring.codec;

import java.util.Map;

import io.cloudpickle.spring.CloudPickleMediaTypes;
import io.cloudpickle.spring.PickleService;
import io.cloudpickle.spring.http.CloudPickleBodyException;
import io.cloudpickle.spring.http.PickledBodies;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.ResolvableType;
import org.springframework.core.codec.AbstractDataBufferDecoder;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.ProblemDetail;
import org.springframework.util.MimeType;

/**
 * Decodes an {@code application/x-cloudpickle} body into one object (WebFlux requests,
 * {@code WebClient} responses). The body is buffered up to
 * {@code spring.http.codecs.max-in-memory-size} (applied by Boot's default codec
 * configuration; over it WebFlux answers 413) and the payload must also fit
 * {@code cloudpickle.limits.max-payload-size}.
 *
 * <p>
 * A server-side decoder created with {@code readEnabled = false} refuses every body with
 * 403 before reading it; other server-side failures are {@link CloudPickleBodyException}s
 * (400/401/403/413, see {@link CloudPickleBodyException#refused}), client-side ones
 * {@link DecodingException}s.
 */
public class CloudPickleDecoder extends AbstractDataBufferDecoder<Object> {

	private final PickleService pickleService;

	private final boolean server;

	private final boolean readEnabled;

	public CloudPickleDecoder(PickleService pickleService, boolean server, boolean readEnabled) {
		super(CloudPickleMediaTypes.APPLICATION_CLOUDPICKLE);
		this.pickleService = pickleService;
		this.server = server;
		this.readEnabled = readEnabled;
	}

	/** Whether this decoder loads bodies. */
	public boolean isReadEnabled() {
		return this.readEnabled;
	}

	@Override
	public boolean canDecode(ResolvableType elementType, @Nullable MimeType mimeType) {
		return isExplicit(mimeType) && !PickledBodies.isRaw(elementType.toClass());
	}

	@Override
	public Flux<Object> decode(Publisher<DataBuffer> input, ResolvableType elementType, @Nullable MimeType mimeType,
			@Nullable Map<String, Object> hints) {
		// One payload per body: a stream of pickles is not a format.
		return Flux.from(decodeToMono(input, elementType, mimeType, hints));
	}

	@Override
	public Mono<Object> decodeToMono(Publisher<DataBuffer> input, ResolvableType elementType,
			@Nullable MimeType mimeType, @Nullable Map<String, Object> hints) {
		if (!this.readEnabled) {
			return Flux.from(input)
				.doOnNext(DataBufferUtils::release)
				.then(Mono.error(() -> failure(CloudPickleBodyException.readingDisabled())));
		}
		// Loading defines classes and rebuilds whole graphs: never on the event loop.
		return DataBufferUtils.join(input, getMaxInMemorySize())
			.publishOn(Schedulers.boundedElastic())
			.<Object>mapNotNull((buffer) -> decode(buffer, elementType, mimeType, hints))
			.doOnDiscard(DataBuffer.class, DataBufferUtils::release);
	}

	@Override
	public @Nullable Object decode(DataBuffer buffer, ResolvableType targetType, @Nullable MimeType mimeType,
			@Nullable Map<String, Object> hints) {
		byte[] payload;
		try {
			payload = new byte[buffer.readableByteCount()];
			buffer.read(payload);
		}
		finally {
			DataBufferUtils.release(buffer);
		}
		try {
			if (PickledBodies.isDeferred(targetType.toClass())) {
				return PickledBodies.verify(this.pickleService, payload, targetType.getGeneric(0).toClass());
			}
			return PickledBodies.load(this.pickleService, payload, targetType.toClass());
		}
		catch (CloudPickleBodyException ex) {
			throw failure(ex);
		}
	}

	private RuntimeException failure(CloudPickleBodyException ex) {
		return this.server ? ex : new DecodingException(ex.getMessage(), ex);
	}

	static boolean isExplicit(@Nullable MimeType mimeType) {
		return mimeType != null && !mimeType.isWildcardType() && !mimeType.isWildcardSubtype()
				&& CloudPickleMediaTypes.APPLICATION_CLOUDPICKLE.equalsTypeAndSubtype(mimeType);
	}

	static boolean isProblem(ResolvableType type) {
		return ProblemDetail.class.isAssignableFrom(type.toClass());
	}

}
