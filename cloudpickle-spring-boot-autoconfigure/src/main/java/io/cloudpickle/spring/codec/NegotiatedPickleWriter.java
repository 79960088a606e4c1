package io.cloudpickle.spring.codec;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.cloudpickle.spring.CloudPickleMediaTypes;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.core.ResolvableType;
import org.springframework.http.MediaType;
import org.springframework.http.ReactiveHttpOutputMessage;
import org.springframework.http.codec.EncoderHttpMessageWriter;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * The WebFlux server's writer of {@code application/x-cloudpickle} answers: it takes part
 * in content negotiation like the Spring MVC converter, so a handler answers a pickle to
 * {@code Accept: application/x-cloudpickle} without declaring {@code produces}, while
 * {@code Accept: *}{@code /*} and {@code application/json} still get JSON.
 *
 * <p>
 * WebFlux puts custom writers before its default ones (Jackson among them) and offers the
 * producible media types in writer order, so this writer offers the pickle form with a
 * lower source quality ({@code q=0.5}): a wildcard {@code Accept} prefers every default
 * form, an explicit one gets the pickle. Where nothing was negotiated (a functional
 * endpoint's body without a content type), it hands the body to the writer Spring would
 * have chosen without it, so such bodies stay JSON too.
 */
final class NegotiatedPickleWriter implements HttpMessageWriter<Object> {

	/** The pickle form as offered for negotiation: below every default form. */
	static final MediaType OFFERED = new MediaType(MediaType.asMediaType(CloudPickleMediaTypes.APPLICATION_CLOUDPICKLE),
			Map.of("q", "0.5"));

	private final EncoderHttpMessageWriter<Object> pickles;

	private final Supplier<List<HttpMessageWriter<?>>> allWriters;

	private volatile @Nullable List<HttpMessageWriter<?>> others;

	/**
	 * @param encoder pickles negotiated bodies
	 * @param allWriters the server's writers, this one among them (read once, on the
	 * first body that was not negotiated)
	 */
	NegotiatedPickleWriter(CloudPickleEncoder encoder, Supplier<List<HttpMessageWriter<?>>> allWriters) {
		this.pickles = new EncoderHttpMessageWriter<>(encoder);
		this.allWriters = allWriters;
	}

	@Override
	public List<MediaType> getWritableMediaTypes() {
		return List.of(OFFERED);
	}

	@Override
	public List<MediaType> getWritableMediaTypes(ResolvableType elementType) {
		return canWrite(elementType, null) ? List.of(OFFERED) : List.of();
	}

	/**
	 * Without a media type (the question negotiation asks): whether this type could be
	 * answered pickled. With one: only for {@code application/x-cloudpickle} itself.
	 */
	@Override
	public boolean canWrite(ResolvableType elementType, @Nullable MediaType mediaType) {
		return this.pickles.canWrite(elementType,
				(mediaType != null) ? mediaType : MediaType.asMediaType(CloudPickleMediaTypes.APPLICATION_CLOUDPICKLE));
	}

	@Override
	public Mono<Void> write(Publisher<?> inputStream, ResolvableType elementType, @Nullable MediaType mediaType,
			ReactiveHttpOutputMessage message, Map<String, Object> hints) {
		if (CloudPickleDecoder.isExplicit(mediaType)) {
			return this.pickles.write(inputStream, elementType, mediaType, message, hints);
		}
		return fallback(elementType).write(inputStream, elementType, mediaType, message, hints);
	}

	@Override
	public Mono<Void> write(Publisher<?> inputStream, ResolvableType actualType, ResolvableType elementType,
			@Nullable MediaType mediaType, ServerHttpRequest request, ServerHttpResponse response,
			Map<String, Object> hints) {
		if (CloudPickleDecoder.isExplicit(mediaType)) {
			return this.pickles.write(inputStream, actualType, elementType, mediaType, request, response, hints);
		}
		return fallback(elementType).write(inputStream, actualType, elementType, mediaType, request, response, hints);
	}

	@SuppressWarnings("unchecked")
	private HttpMessageWriter<Object> fallback(ResolvableType elementType) {
		for (HttpMessageWriter<?> writer : others()) {
			if (writer.canWrite(elementType, null)) {
				return (HttpMessageWriter<Object>) writer;
			}
		}
		throw new IllegalStateException("No HttpMessageWriter for " + elementType);
	}

	private List<HttpMessageWriter<?>> others() {
		List<HttpMessageWriter<?>> others = this.others;
		if (others == null) {
			others = this.allWriters.get().stream().filter((writer) -> writer != this).toList();
			this.others = others;
		}
		return others;
	}

}
