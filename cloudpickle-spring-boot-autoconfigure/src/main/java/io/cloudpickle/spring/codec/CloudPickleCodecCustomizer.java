package io.cloudpickle.spring.codec;

import io.cloudpickle.spring.PickleService;

import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.http.codec.CodecConfigurer;
import org.springframework.http.codec.ServerCodecConfigurer;

/**
 * Registers {@link CloudPickleEncoder} and {@link CloudPickleDecoder} with the default
 * configuration, so {@code spring.http.codecs.max-in-memory-size} applies to the decoder.
 * On a server ({@link ServerCodecConfigurer}) the decoder loads request bodies only if
 * {@code serverReadEnabled} (verification keys or
 * {@code cloudpickle.security.allow-unsigned}); on a client ({@code WebClient}) it always
 * loads responses.
 */
public class CloudPickleCodecCustomizer implements CodecCustomizer {

	private final PickleService serverService;

	private final PickleService clientService;

	private final boolean serverReadEnabled;

	public CloudPickleCodecCustomizer(PickleService pickleService, boolean serverReadEnabled) {
		this(pickleService, pickleService, serverReadEnabled);
	}

	/**
	 * @param serverService for {@link ServerCodecConfigurer}s: loads request bodies
	 * (verifying, gating)
	 * @param clientService for client configurers: pickles (and signs) requests, loads
	 * responses
	 * @param serverReadEnabled whether request bodies are loaded at all
	 */
	public CloudPickleCodecCustomizer(PickleService serverService, PickleService clientService,
			boolean serverReadEnabled) {
		this.serverService = serverService;
		this.clientService = clientService;
		this.serverReadEnabled = serverReadEnabled;
	}

	@Override
	public void customize(CodecConfigurer configurer) {
		boolean server = configurer instanceof ServerCodecConfigurer;
		PickleService service = server ? this.serverService : this.clientService;
		configurer.customCodecs().registerWithDefaultConfig(new CloudPickleEncoder(service));
		configurer.customCodecs()
			.registerWithDefaultConfig(new CloudPickleDecoder(service, server, !server || this.serverReadEnabled));
	}

}
