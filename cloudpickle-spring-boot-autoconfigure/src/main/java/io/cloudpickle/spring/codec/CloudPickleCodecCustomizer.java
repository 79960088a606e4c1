package io.cloudpickle.spring.codec;

import io.cloudpickle.spring.PickleService;

import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.http.codec.CodecConfigurer;
import org.springframework.http.codec.ServerCodecConfigurer;

/**
 * Registers {@link CloudPickleEncoder} and {@link CloudPickleDecoder} with the default configuration, so
 * {@code spring.http.codecs.max-in-memory-size} applies to the decoder. On a server ({@link ServerCodecConfigurer})
 * the decoder loads request bodies only if {@code serverReadEnabled} ({@code cloudpickle.security.allow-unsigned});
 * on a client ({@code WebClient}) it always loads responses.
 */
public class CloudPickleCodecCustomizer implements CodecCustomizer {

	private final PickleService pickleService;

	private final boolean serverReadEnabled;

	public CloudPickleCodecCustomizer(PickleService pickleService, boolean serverReadEnabled) {
		this.pickleService = pickleService;
		this.serverReadEnabled = serverReadEnabled;
	}

	@Override
	public void customize(CodecConfigurer configurer) {
		boolean server = configurer instanceof ServerCodecConfigurer;
		configurer.customCodecs().registerWithDefaultConfig(new CloudPickleEncoder(this.pickleService));
		configurer.customCodecs()
			.registerWithDefaultConfig(
					new CloudPickleDecoder(this.pickleService, server, !server || this.serverReadEnabled));
	}

}
