package io.cloudpickle.spring.codec;

import java.util.List;
import java.util.Map;

import io.cloudpickle.PeerClasses;
import io.cloudpickle.PeerPayload;
import io.cloudpickle.PickleException;
import io.cloudpickle.spring.PickleService;
import io.cloudpickle.spring.http.ClassPeers;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.core.ResolvableType;
import org.springframework.core.codec.EncodingException;
import org.springframework.http.MediaType;
import org.springframework.http.ReactiveHttpOutputMessage;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.codec.EncoderHttpMessageWriter;
import org.springframework.http.codec.HttpMessageWriter;

/**
 * The {@code WebClient} writer of {@code application/x-cloudpickle} request bodies:
 * pickles each body for the server it goes to (see {@link ClassPeers}), so classes that
 * server confirmed travel as their SHA-256 only. {@link CloudPickleClassPeersFilter}
 * confirms and, after a 409, exchanges the request again, which pickles it again here.
 */
final class PeerPickleWriter implements HttpMessageWriter<Object> {

	private final EncoderHttpMessageWriter<Object> pickles;

	private final PickleService pickleService;

	private final ClassPeers classPeers;

	PeerPickleWriter(CloudPickleEncoder encoder, PickleService pickleService, ClassPeers classPeers) {
		this.pickles = new EncoderHttpMessageWriter<>(encoder);
		this.pickleService = pickleService;
		this.classPeers = classPeers;
	}

	@Override
	public List<MediaType> getWritableMediaTypes() {
		return this.pickles.getWritableMediaTypes();
	}

	@Override
	public List<MediaType> getWritableMediaTypes(ResolvableType elementType) {
		return this.pickles.getWritableMediaTypes(elementType);
	}

	@Override
	public boolean canWrite(ResolvableType elementType, @Nullable MediaType mediaType) {
		return this.pickles.canWrite(elementType, mediaType);
	}

	@Override
	public Mono<Void> write(Publisher<?> inputStream, ResolvableType elementType, @Nullable MediaType mediaType,
			ReactiveHttpOutputMessage message, Map<String, Object> hints) {
		if (!(message instanceof ClientHttpRequest request)) {
			return this.pickles.write(inputStream, elementType, mediaType, message, hints);
		}
		PeerClasses peer = this.classPeers.forOrigin(request.getURI());
		return Mono.from(inputStream).flatMap((value) -> {
			PeerPayload payload;
			try {
				payload = this.pickleService.dumpsFor(peer, value);
			}
			catch (PickleException ex) {
				return Mono.error(new EncodingException("cannot pickle the body: " + ex.getMessage(), ex));
			}
			ClassPeers.announce(payload, message.getHeaders());
			if (message.getHeaders().getContentType() == null && mediaType != null) {
				message.getHeaders().setContentType(mediaType);
			}
			message.getHeaders().setContentLength(payload.bytes().length);
			return message.writeWith(Mono.just(message.bufferFactory().wrap(payload.bytes())));
		});
	}

}
