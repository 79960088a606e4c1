package io.cloudpickle.spring.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.cloudpickle.ClassesMissingException;
import io.cloudpickle.PeerClasses;
import io.cloudpickle.PeerPayload;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Class bytes once per HTTP peer: a client remembers, per origin (scheme, host and port),
 * which shipped classes the server confirmed it holds, and pickles request bodies for
 * that server with {@link io.cloudpickle.Pickler#dumpsFor}, so confirmed classes travel
 * as their SHA-256 only.
 *
 * <p>
 * The exchange, in headers:
 * <ul>
 * <li>the client's request lists the classes whose bytes its body carries in
 * {@value #SHIPS_HEADER} (SHA-256, comma-separated, at most {@value #MAX_LISTED});</li>
 * <li>a server that loaded the body answers them in {@value #HOLDS_HEADER}, and the
 * client confirms them for that origin;</li>
 * <li>a server that no longer holds a class named by hash (it restarted or evicted it)
 * answers 409 with a problem detail and the missing hashes in {@value #MISSING_HEADER};
 * the client forgets them and sends the body once more with their bytes.</li>
 * </ul>
 * A server that does not confirm (an older one, or a handler that takes {@link Pickled}
 * and never loads it) simply keeps receiving the bytes. Thread-safe.
 */
public final class ClassPeers {

	/** Request header: the SHA-256 of the classes whose bytes the body carries. */
	public static final String SHIPS_HEADER = "Cloudpickle-Ships";

	/** Response header: the server loaded the body and holds these classes. */
	public static final String HOLDS_HEADER = "Cloudpickle-Holds";

	/** Response header of a 409: the classes named by hash the server lacks. */
	public static final String MISSING_HEADER = "Cloudpickle-Missing";

	/** At most this many hashes in one header (about 3 KB); more are confirmed later. */
	public static final int MAX_LISTED = 48;

	private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

	private final int maxOrigins;

	private final Map<String, PeerClasses> peers;

	/** Remembers up to 256 origins (the least recently used is forgotten first). */
	public ClassPeers() {
		this(256);
	}

	public ClassPeers(int maxOrigins) {
		this.maxOrigins = maxOrigins;
		this.peers = new LinkedHashMap<>(16, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<String, PeerClasses> eldest) {
				return size() > ClassPeers.this.maxOrigins;
			}
		};
	}

	/** What this client knows the server at {@code uri}'s origin holds. */
	public PeerClasses forOrigin(URI uri) {
		String origin = origin(uri);
		synchronized (this.peers) {
			return this.peers.computeIfAbsent(origin, (key) -> new PeerClasses());
		}
	}

	/** Forgets every origin. */
	public void clear() {
		synchronized (this.peers) {
			this.peers.clear();
		}
	}

	static String origin(URI uri) {
		String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
		int port = uri.getPort();
		if (port == -1) {
			port = "https".equals(scheme) ? 443 : 80;
		}
		return scheme + "://" + String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT) + ":" + port;
	}

	/** Lists the classes a request body carries, for the server to confirm. */
	public static void announce(PeerPayload payload, HttpHeaders headers) {
		List<String> shipped = payload.shippedHashes();
		if (shipped.isEmpty()) {
			headers.remove(SHIPS_HEADER);
		}
		else {
			headers.set(SHIPS_HEADER, String.join(",", shipped.subList(0, Math.min(MAX_LISTED, shipped.size()))));
		}
	}

	/**
	 * Server side: the body was loaded, so the classes its request announced are held.
	 * @param announced the request's {@value #SHIPS_HEADER}
	 * @return the value of {@value #HOLDS_HEADER}, or null to answer none
	 */
	public static @Nullable String held(@Nullable String announced) {
		List<String> hashes = hashes(announced);
		return hashes.isEmpty() ? null : String.join(",", hashes);
	}

	/** Server side: the value of {@value #MISSING_HEADER} in a 409 answer. */
	public static String missing(ClassesMissingException missing) {
		return String.join(",",
				missing.missing()
					.stream()
					.map(ClassesMissingException.MissingClass::sha256)
					.limit(MAX_LISTED)
					.toList());
	}

	/**
	 * What a client request carries so that {@link CloudPickleClassPeersInterceptor} can
	 * confirm, or pickle the body again after a 409.
	 *
	 * @param peer what the request's server is known to hold
	 * @param repickle pickles the body again for the peer as it now stands
	 */
	public record Exchange(PeerClasses peer, Supplier<PeerPayload> repickle) {

		/** The request attribute that carries it. */
		public static final String ATTRIBUTE = Exchange.class.getName();

	}

	/** Client side: records what the response says the server holds. */
	public static void confirm(PeerClasses peer, HttpHeaders responseHeaders) {
		List<String> held = hashes(responseHeaders.getFirst(HOLDS_HEADER));
		if (!held.isEmpty()) {
			peer.confirm(held);
		}
	}

	/**
	 * Client side: if the response says the server lacks classes, forgets them and
	 * answers true (send again).
	 */
	public static boolean forgetMissing(PeerClasses peer, int status, HttpHeaders responseHeaders) {
		List<String> missing = hashes(responseHeaders.getFirst(MISSING_HEADER));
		if (status != 409 || missing.isEmpty()) {
			return false;
		}
		peer.forget(new ClassesMissingException(
				missing.stream().map((sha) -> new ClassesMissingException.MissingClass("?", sha)).toList()));
		return true;
	}

	/** The valid SHA-256 hashes of a header value, at most {@value #MAX_LISTED}. */
	static List<String> hashes(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return List.of();
		}
		Collection<String> hashes = new ArrayList<>();
		for (String part : value.split(",")) {
			String hash = part.trim();
			if (SHA256.matcher(hash).matches() && hashes.size() < MAX_LISTED) {
				hashes.add(hash);
			}
		}
		return List.copyOf(hashes);
	}

}
