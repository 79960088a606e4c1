package io.cloudpickle.spring;

import java.util.Objects;

/**
 * The two picklers of the HTTP converters and codecs, apart from the application's own,
 * trusted {@link PickleService}:
 * <ul>
 * <li>{@link #receiving()} loads payloads received from the network (request bodies): it
 * verifies payload signatures, applies the class gates and the network limits of
 * {@code cloudpickle.security.*} and {@code cloudpickle.limits.*}. Use it to load a
 * payload that came from outside by any other way (a message queue, a file upload).</li>
 * <li>{@link #signing()} pickles payloads that leave the application (request bodies of
 * clients, response bodies of servers), signed when
 * {@code cloudpickle.security.signing-key-id} is set, and reads the answers of servers
 * the application chose to call. Use it to make a payload another service will
 * verify.</li>
 * </ul>
 * Use {@link PickleService} for everything the application pickles and loads itself
 * (caches, stored jobs): its round trips never depend on keys, signatures or their age.
 */
public final class NetworkPickleServices {

	private final PickleService receiving;

	private final PickleService signing;

	public NetworkPickleServices(PickleService receiving, PickleService signing) {
		this.receiving = Objects.requireNonNull(receiving, "receiving");
		this.signing = Objects.requireNonNull(signing, "signing");
	}

	/**
	 * Loads payloads received from the network, gated by {@code cloudpickle.security.*}.
	 */
	public PickleService receiving() {
		return this.receiving;
	}

	/** Pickles payloads that leave the application, signed if a signing key is set. */
	public PickleService signing() {
		return this.signing;
	}

}
