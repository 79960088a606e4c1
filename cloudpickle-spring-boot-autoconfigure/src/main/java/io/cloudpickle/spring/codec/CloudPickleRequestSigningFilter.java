package io.cloudpickle.spring.codec;

import io.cloudpickle.spring.CloudPickleMediaTypes;
import io.cloudpickle.spring.http.RequestSignatures;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpRequestDecorator;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * Signs {@code WebClient} requests with an {@code application/x-cloudpickle} body (RFC
 * 9421, see {@link RequestSignatures}). The body is joined once encoded, and the
 * signature headers are set before the request is committed. Added by the
 * auto-configuration when {@code cloudpickle.security.signing-key-id} is set.
 */
public class CloudPickleRequestSigningFilter implements ExchangeFilterFunction {

	private final RequestSignatures signatures;

	public CloudPickleRequestSigningFilter(RequestSignatures signatures) {
		this.signatures = signatures;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		if (!CloudPickleMediaTypes.isCloudPickle(request.headers().getContentType())) {
			return next.exchange(request);
		}
		BodyInserter<?, ? super ClientHttpRequest> body = request.body();
		ClientRequest signing = ClientRequest.from(request)
			.body((outputMessage, context) -> body.insert(new SigningRequest(outputMessage), context))
			.build();
		return next.exchange(signing);
	}

	/** Joins the body, signs, then writes it. */
	private final class SigningRequest extends ClientHttpRequestDecorator {

		SigningRequest(ClientHttpRequest delegate) {
			super(delegate);
		}

		@Override
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
			return DataBufferUtils.join(body).flatMap((joined) -> {
				byte[] bytes = new byte[joined.readableByteCount()];
				joined.read(bytes);
				DataBufferUtils.release(joined);
				CloudPickleRequestSigningFilter.this.signatures.sign(getMethod(), getURI(), getHeaders(), bytes);
				return super.writeWith(Mono.just(bufferFactory().wrap(bytes)));
			});
		}

	}

}
