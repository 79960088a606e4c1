package io.cloudpickle.spring.http;

import io.cloudpickle.spring.NetworkPickleServices;
import io.cloudpickle.spring.PickleService;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.converter.autoconfigure.ClientHttpMessageConvertersCustomizer;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.http.converter.HttpMessageConverters.ClientBuilder;
import org.springframework.http.converter.HttpMessageConverters.ServerBuilder;

/**
 * Appends the {@code application/x-cloudpickle} converter at the <em>end</em> of the
 * server (Spring MVC) and client ({@code RestClient}, {@code RestTemplate}) converter
 * lists, so {@code Accept: *}{@code /*} keeps choosing JSON and only an explicit
 * {@code application/x-cloudpickle} selects it.
 *
 * <p>
 * The server converter loads request bodies only if {@code serverReadEnabled}
 * (verification keys configured in {@code cloudpickle.security.*}, or
 * {@code allow-unsigned}); the client converter always loads responses: a client reads
 * the answers of a server it chose to call, with
 * {@code Accept: application/x-cloudpickle}.
 */
public class CloudPickleHttpMessageConvertersCustomizer
		implements ServerHttpMessageConvertersCustomizer, ClientHttpMessageConvertersCustomizer {

	private final CloudPickleHttpMessageConverter serverConverter;

	private final CloudPickleHttpMessageConverter clientConverter;

	public CloudPickleHttpMessageConvertersCustomizer(PickleService pickleService, boolean serverReadEnabled) {
		this(new NetworkPickleServices(pickleService, pickleService), serverReadEnabled, RequestSignatures.NONE);
	}

	/**
	 * @param services the receiving pickler loads request bodies (verifying payload
	 * signatures, applying class gates); the signing pickler pickles requests and
	 * responses and loads the answers of called servers
	 * @param serverReadEnabled whether request bodies are loaded at all
	 * @param signatures verifies request signatures before a request body is loaded
	 */
	public CloudPickleHttpMessageConvertersCustomizer(NetworkPickleServices services, boolean serverReadEnabled,
			RequestSignatures signatures) {
		this(services, serverReadEnabled, signatures, null);
	}

	/**
	 * @param services the receiving pickler loads request bodies (verifying payload
	 * signatures, applying class gates); the signing pickler pickles requests and
	 * responses and loads the answers of called servers
	 * @param serverReadEnabled whether request bodies are loaded at all
	 * @param signatures verifies request signatures before a request body is loaded
	 * @param classPeers the client's record of the classes each server holds (see
	 * {@link ClassPeers}), or null to always ship class bytes
	 */
	public CloudPickleHttpMessageConvertersCustomizer(NetworkPickleServices services, boolean serverReadEnabled,
			RequestSignatures signatures, @Nullable ClassPeers classPeers) {
		this.serverConverter = new CloudPickleHttpMessageConverter(services.receiving(), services.signing(), true,
				serverReadEnabled, signatures);
		this.clientConverter = new CloudPickleHttpMessageConverter(services.signing(), services.signing(), false, true,
				RequestSignatures.NONE, classPeers);
	}

	@Override
	public void customize(ServerBuilder builder) {
		builder.configureMessageConvertersList((converters) -> converters.add(this.serverConverter));
	}

	@Override
	public void customize(ClientBuilder builder) {
		builder.configureMessageConvertersList((converters) -> converters.add(this.clientConverter));
	}

	/** The converter added to server lists. */
	public CloudPickleHttpMessageConverter getServerConverter() {
		return this.serverConverter;
	}

	/** The converter added to client lists. */
	public CloudPickleHttpMessageConverter getClientConverter() {
		return this.clientConverter;
	}

}
