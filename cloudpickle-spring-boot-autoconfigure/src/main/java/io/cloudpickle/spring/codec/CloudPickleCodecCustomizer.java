package io.cloudpickle.spring.codec;

import io.cloudpickle.spring.NetworkPickleServices;
import io.cloudpickle.spring.PickleService;
import io.cloudpickle.spring.http.ClassPeers;
import io.cloudpickle.spring.http.RequestSignatures;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.http.codec.CodecConfigurer;
import org.springframework.http.codec.ServerCodecConfigurer;

/**
 * Registers {@link CloudPickleEncoder} and {@link CloudPickleDecoder} with the default
 * configuration, so {@code spring.http.codecs.max-in-memory-size} applies to the decoder.
 * On a server ({@link ServerCodecConfigurer}) the decoder loads request bodies with the
 * receiving pickler, only if {@code serverReadEnabled} (verification keys or
 * {@code cloudpickle.security.allow-unsigned}), after verifying the request's signature;
 * on a client ({@code WebClient}) it loads responses with the signing pickler. Bodies are
 * pickled by the signing pickler on both sides. A server answers pickles by content
 * negotiation, as Spring MVC does (see {@link NegotiatedPickleWriter}); a client pickles
 * a request body only for the explicit content type.
 */
public class CloudPickleCodecCustomizer implements CodecCustomizer {

	private final NetworkPickleServices services;

	private final boolean serverReadEnabled;

	private final RequestSignatures signatures;

	private final @Nullable ClassPeers classPeers;

	public CloudPickleCodecCustomizer(PickleService pickleService, boolean serverReadEnabled) {
		this(new NetworkPickleServices(pickleService, pickleService), serverReadEnabled, RequestSignatures.NONE);
	}

	/**
	 * @param services the receiving pickler loads request bodies; the signing pickler
	 * pickles bodies and loads the answers of called servers
	 * @param serverReadEnabled whether request bodies are loaded at all
	 * @param signatures verifies request signatures before a request body is loaded
	 */
	public CloudPickleCodecCustomizer(NetworkPickleServices services, boolean serverReadEnabled,
			RequestSignatures signatures) {
		this(services, serverReadEnabled, signatures, null);
	}

	/**
	 * @param services the receiving pickler loads request bodies; the signing pickler
	 * pickles bodies and loads the answers of called servers
	 * @param serverReadEnabled whether request bodies are loaded at all
	 * @param signatures verifies request signatures before a request body is loaded
	 * @param classPeers a client's record of the classes each server holds: request
	 * bodies name those by hash only (see {@link ClassPeers}); null to always ship bytes
	 */
	public CloudPickleCodecCustomizer(NetworkPickleServices services, boolean serverReadEnabled,
			RequestSignatures signatures, @Nullable ClassPeers classPeers) {
		this.classPeers = classPeers;
		this.services = services;
		this.serverReadEnabled = serverReadEnabled;
		this.signatures = signatures;
	}

	@Override
	public void customize(CodecConfigurer configurer) {
		boolean server = configurer instanceof ServerCodecConfigurer;
		CloudPickleEncoder encoder = new CloudPickleEncoder(this.services.signing());
		if (server) {
			configurer.customCodecs().register(new NegotiatedPickleWriter(encoder, configurer::getWriters));
		}
		else if (this.classPeers != null) {
			configurer.customCodecs().register(new PeerPickleWriter(encoder, this.services.signing(), this.classPeers));
		}
		else {
			configurer.customCodecs().registerWithDefaultConfig(encoder);
		}
		CloudPickleDecoder decoder = server
				? new CloudPickleDecoder(this.services.receiving(), true, this.serverReadEnabled, this.signatures)
				: new CloudPickleDecoder(this.services.signing(), false, true);
		configurer.customCodecs().registerWithDefaultConfig(decoder);
	}

}
