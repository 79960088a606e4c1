package io.cloudpickle.spring.codec;

import java.util.Map;

import io.cloudpickle.PickleException;
import io.cloudpickle.spring.CloudPickleMediaTypes;
import io.cloudpickle.spring.PickleService;
import io.cloudpickle.spring.http.PickledBodies;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.core.ResolvableType;
import org.springframework.core.codec.AbstractSingleValueEncoder;
import org.springframework.core.codec.EncodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.util.MimeType;

/**
 * Encodes one object into an {@code application/x-cloudpickle} payload (WebFlux
 * responses, {@code WebClient} requests), pickled as a whole before anything is written.
 * It is chosen only for the explicit media type, never for a missing or wildcard one:
 * WebFlux puts custom codecs before Jackson, so this keeps JSON the default. On a server
 * it takes part in content negotiation through the starter's negotiating writer, so
 * handlers answer pickles to {@code Accept: application/x-cloudpickle} without declaring
 * {@code produces}, as with Spring MVC.
 */
public class CloudPickleEncoder extends AbstractSingleValueEncoder<Object> {

	private final PickleService pickleService;

	public CloudPickleEncoder(PickleService pickleService) {
		super(CloudPickleMediaTypes.APPLICATION_CLOUDPICKLE);
		this.pickleService = pickleService;
	}

	@Override
	public boolean canEncode(ResolvableType elementType, @Nullable MimeType mimeType) {
		return CloudPickleDecoder.isExplicit(mimeType) && !CloudPickleDecoder.isProblem(elementType)
				&& !PickledBodies.isRaw(elementType.toClass());
	}

	@Override
	protected Flux<DataBuffer> encode(Object value, DataBufferFactory bufferFactory, ResolvableType valueType,
			@Nullable MimeType mimeType, @Nullable Map<String, Object> hints) {
		return Flux.defer(() -> Flux.just(encodeValue(value, bufferFactory, valueType, mimeType, hints)));
	}

	@Override
	public DataBuffer encodeValue(Object value, DataBufferFactory bufferFactory, ResolvableType valueType,
			@Nullable MimeType mimeType, @Nullable Map<String, Object> hints) {
		try {
			return bufferFactory.wrap(this.pickleService.dumps(value));
		}
		catch (PickleException ex) {
			throw new EncodingException("cannot pickle the body: " + ex.getMessage(), ex);
		}
	}

}
