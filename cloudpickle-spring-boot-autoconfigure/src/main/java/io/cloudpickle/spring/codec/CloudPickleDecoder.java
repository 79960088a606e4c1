package io.cloudpickle.spring.codec;

import java.util.Map;

import io.cloudpickle.spring.CloudPickleMediaTypes;
import io.cloudpickle.spring.PickleService;
import io.cloudpickle.spring.http.ClassPeers;
import io.cloudpickle.spring.http.CloudPickleBodyException;
import io.cloudpickle.spring.http.PickledBodies;
import io.cloudpickle.spring.http.RequestSignatures;
import io.cloudpickle.security.PayloadSignatureException;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.ResolvableType;
import org.springframework.core.codec.AbstractDataBufferDecoder;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpRequest;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageDecoder;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.MimeType;

/**
 * Decodes an {@code application/x-cloudpickle} body into one object (WebFlux requests,
 * {@code WebClient} responses). The body is buffered up to
 * {@code spring.http.codecs.max-in-memory-size} (applied by Boot's default codec
 * configuration; over it WebFlux answers 413, as Spring's own decoders do) and the
 * payload must also fit {@code cloudpickle.limits.max-payload-size}. The body is joined
 * on the event loop; verifying and loading it (which defines classes and rebuilds whole
 * graphs) runs on a bounded-elastic thread.
 *
 * <p>
 * A server-side decoder created with {@code readEnabled = false} refuses every body with
 * 403 before reading it; a server-side decoder with {@link RequestSignatures} verifies
 * the request's signature before loading; other server-side failures are
 * {@link CloudPickleBodyException}s (400/401/403/413, see
 * {@link CloudPickleBodyException#refused}), client-side ones {@link DecodingException}s.
 */
public class CloudPickleDecoder extends AbstractDataBufferDecoder<Object> implements HttpMessageDecoder<Object> {

	/** The hint under which the server request travels to {@link #decode}. */
	private static final String REQUEST_HINT = CloudPickleDecoder.class.getName() + ".request";

	/** The hint under which the server response travels to {@link #decode}. */
	private static final String RESPONSE_HINT = CloudPickleDecoder.class.getName() + ".response";

	private final PickleService pickleService;

	private final boolean server;

	private final boolean readEnabled;

	private final RequestSignatures signatures;

	public CloudPickleDecoder(PickleService pickleService, boolean server, boolean readEnabled) {
		this(pickleService, server, readEnabled, RequestSignatures.NONE);
	}

	/**
	 * @param pickleService loads bodies (a server's: the receiving pickler)
	 * @param server whether this decoder reads requests
	 * @param readEnabled whether bodies may be loaded at all
	 * @param signatures verifies request signatures before a server loads a body
	 */
	public CloudPickleDecoder(PickleService pickleService, boolean server, boolean readEnabled,
			RequestSignatures signatures) {
		super(CloudPickleMediaTypes.APPLICATION_CLOUDPICKLE);
		this.pickleService = pickleService;
		this.server = server;
		this.readEnabled = readEnabled;
		this.signatures = signatures;
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
	public Map<String, Object> getDecodeHints(ResolvableType actualType, ResolvableType elementType,
			ServerHttpRequest request, ServerHttpResponse response) {
		return Map.of(REQUEST_HINT, request, RESPONSE_HINT, response);
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
		// Joined on the event loop, so that a body over the in-memory limit fails there
		// with DataBufferLimitException (413) and the joined buffers are released once.
		return DataBufferUtils.join(input, getMaxInMemorySize())
			.onErrorMap(DataBufferLimitException.class,
					(ex) -> failure(CloudPickleBodyException.tooLarge(getMaxInMemorySize(),
							"spring.http.codecs.max-in-memory-size")))
			.map(CloudPickleDecoder::bytes)
			.publishOn(Schedulers.boundedElastic())
			.map((payload) -> load(payload, elementType, hints));
	}

	@Override
	public @Nullable Object decode(DataBuffer buffer, ResolvableType targetType, @Nullable MimeType mimeType,
			@Nullable Map<String, Object> hints) {
		return load(bytes(buffer), targetType, hints);
	}

	private Object load(byte[] payload, ResolvableType targetType, @Nullable Map<String, Object> hints) {
		try {
			PickledBodies.requireWithinLimit(this.pickleService, payload);
			if (this.server && this.signatures.verifies()) {
				Object request = (hints != null) ? hints.get(REQUEST_HINT) : null;
				if (!(request instanceof HttpRequest httpRequest)) {
					throw CloudPickleBodyException
						.refused(new PayloadSignatureException(PayloadSignatureException.Reason.MALFORMED,
								"the request signature cannot be verified without the request"));
				}
				this.signatures.verify(httpRequest, payload);
			}
			if (PickledBodies.isDeferred(targetType.toClass())) {
				// Verified here (signature, size, header); loaded by the application.
				return PickledBodies.verify(this.pickleService, payload, targetType.getGeneric(0).toClass());
			}
			Object loaded = PickledBodies.load(this.pickleService, payload, targetType.toClass());
			if (this.server && hints != null && hints.get(REQUEST_HINT) instanceof ServerHttpRequest request
					&& hints.get(RESPONSE_HINT) instanceof ServerHttpResponse response) {
				// Loaded: the classes the request announced are held now.
				String held = ClassPeers.held(request.getHeaders().getFirst(ClassPeers.SHIPS_HEADER));
				if (held != null) {
					response.getHeaders().set(ClassPeers.HOLDS_HEADER, held);
				}
			}
			return loaded;
		}
		catch (CloudPickleBodyException ex) {
			throw failure(ex);
		}
	}

	private static byte[] bytes(DataBuffer buffer) {
		try {
			byte[] payload = new byte[buffer.readableByteCount()];
			buffer.read(payload);
			return payload;
		}
		finally {
			DataBufferUtils.release(buffer);
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
