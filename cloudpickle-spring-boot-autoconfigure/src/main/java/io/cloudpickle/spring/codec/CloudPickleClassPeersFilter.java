package io.cloudpickle.spring.codec;

import io.cloudpickle.PeerClasses;
import io.cloudpickle.spring.CloudPickleMediaTypes;
import io.cloudpickle.spring.http.ClassPeers;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * Completes {@link ClassPeers} for {@code WebClient}: confirms the classes a server
 * answers it holds, and when a server answers 409 because it lacks classes the body named
 * by hash, forgets them and exchanges the request once more, which pickles the body again
 * with their bytes. It must come before the request-signing filter, so that the body sent
 * again is signed again. Added by the auto-configuration.
 */
public class CloudPickleClassPeersFilter implements ExchangeFilterFunction {

	private final ClassPeers classPeers;

	public CloudPickleClassPeersFilter(ClassPeers classPeers) {
		this.classPeers = classPeers;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		if (!CloudPickleMediaTypes.isCloudPickle(request.headers().getContentType())) {
			return next.exchange(request);
		}
		PeerClasses peer = this.classPeers.forOrigin(request.url());
		return next.exchange(request).flatMap((response) -> {
			if (ClassPeers.forgetMissing(peer, response.statusCode().value(), response.headers().asHttpHeaders())) {
				return response.releaseBody().then(next.exchange(request)).doOnNext((again) -> confirm(peer, again));
			}
			confirm(peer, response);
			return Mono.just(response);
		});
	}

	private static void confirm(PeerClasses peer, ClientResponse response) {
		ClassPeers.confirm(peer, response.headers().asHttpHeaders());
	}

}
