package io.cloudpickle.spring;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.function.Supplier;

import io.cloudpickle.ClassSpace;
import io.cloudpickle.PayloadInfo;
import io.cloudpickle.PickleException;
import io.cloudpickle.PickleLimitException;
import io.cloudpickle.PickleLimits;
import io.cloudpickle.PeerClasses;
import io.cloudpickle.PeerPayload;
import io.cloudpickle.Pickler;
import io.cloudpickle.VerifiedPayload;
import io.cloudpickle.spring.observation.DefaultPickleObservationConvention;
import io.cloudpickle.spring.observation.PickleObservationContext.Operation;
import io.cloudpickle.spring.observation.PickleObservationContext;
import io.cloudpickle.spring.observation.PickleObservationConvention;
import io.cloudpickle.spring.observation.PickleObservationDocumentation;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Pickles objects (closures included) into payloads and loads them back, through a
 * configured {@link Pickler}, with one Micrometer {@link Observation} per call
 * ({@code cloudpickle.dumps} / {@code cloudpickle.loads}).
 *
 * <p>
 * The auto-configured {@code PickleService} bean is the application's own, trusted
 * pickler: built from {@code cloudpickle.by-value-packages}, the class space and the
 * {@code PicklerBuilderCustomizer} beans, never from {@code cloudpickle.security.*} or
 * {@code cloudpickle.limits.*}. Its round trips work whatever the security settings are,
 * and payloads it stored never expire (they are not signed). Use it for what the
 * application pickles and loads itself. Payloads that cross the network go through
 * {@link NetworkPickleServices}: its receiving pickler loads what comes from outside
 * (verified, gated, limited), its signing pickler pickles what goes out.
 *
 * <p>
 * Thread-safe: the pickler is immutable and every call is independent.
 *
 * <p>
 * <b>Loading runs code chosen by whoever made the payload.</b> Load payloads with this
 * service only if the application made them itself or got them from a source it trusts.
 */
public class PickleService {

	private final Pickler pickler;

	private final ObservationRegistry observationRegistry;

	private volatile @Nullable PickleObservationConvention observationConvention;

	/** A service without observations. */
	public PickleService(Pickler pickler) {
		this(pickler, ObservationRegistry.NOOP);
	}

	public PickleService(Pickler pickler, ObservationRegistry observationRegistry) {
		this.pickler = Objects.requireNonNull(pickler, "pickler");
		this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry");
	}

	/**
	 * A service with the same observation registry and convention that pickles and loads
	 * through {@code pickler} (the auto-configuration uses it for the client side of the
	 * HTTP converters and codecs, which signs but reads answers of the servers the
	 * application chose to call without the server-side gates).
	 */
	public PickleService withPickler(Pickler pickler) {
		PickleService copy = new PickleService(pickler, this.observationRegistry);
		copy.observationConvention = this.observationConvention;
		return copy;
	}

	/**
	 * Replaces the default observation convention (applies to both {@code dumps} and
	 * {@code loads}).
	 */
	public void setObservationConvention(@Nullable PickleObservationConvention observationConvention) {
		this.observationConvention = observationConvention;
	}

	/**
	 * Pickles {@code obj} (which may be null) and everything reachable from it.
	 * @throws PickleException if something in the graph cannot travel; the message names
	 * the path to it
	 */
	public byte[] dumps(@Nullable Object obj) {
		PickleObservationContext context = new PickleObservationContext(Operation.DUMPS);
		return observe(context, () -> {
			byte[] payload = this.pickler.dumps(obj);
			context.setPayloadSize(payload.length);
			context.setClassesShipped(shipping(payload));
			return payload;
		});
	}

	/**
	 * Pickles {@code obj} for one peer (see {@link Pickler#dumpsFor}): the classes the
	 * peer confirmed it holds travel as their SHA-256 only.
	 */
	public PeerPayload dumpsFor(PeerClasses peer, @Nullable Object obj) {
		PickleObservationContext context = new PickleObservationContext(Operation.DUMPS);
		return observe(context, () -> {
			PeerPayload payload = this.pickler.dumpsFor(peer, obj);
			context.setPayloadSize(payload.bytes().length);
			context.setClassesShipped(String.valueOf(!payload.shippedHashes().isEmpty()));
			return payload;
		});
	}

	/** Pickles {@code obj} to {@code out}; the stream is flushed, not closed. */
	public void dump(@Nullable Object obj, OutputStream out) {
		Pickler.writePayload(dumps(obj), out);
	}

	/**
	 * Loads a payload made by {@link #dumps}, defining the classes it ships.
	 * @throws PickleException if the payload is corrupt, exceeds a limit, or names a
	 * class that cannot be loaded
	 */
	public @Nullable Object loads(byte[] payload) {
		return loads(payload, Object.class);
	}

	/**
	 * Loads a payload and checks the type of its root object.
	 * @throws PickleException also if the root is not a {@code type}
	 */
	public <T> @Nullable T loads(byte[] payload, Class<T> type) {
		Objects.requireNonNull(type, "type");
		PickleObservationContext context = new PickleObservationContext(Operation.LOADS);
		return observe(context, () -> {
			if (payload != null) {
				context.setPayloadSize(payload.length);
				context.setClassesShipped(shipping(payload));
			}
			return this.pickler.loads(payload, type);
		});
	}

	/**
	 * Checks a payload's size, header and signature without loading it (see
	 * {@link Pickler#verify}): nothing of the payload runs.
	 * @throws PickleException if a check fails
	 */
	public VerifiedPayload verify(byte[] payload) {
		return this.pickler.verify(payload);
	}

	/**
	 * Loads a payload {@link #verify} accepted and checks the type of its root object.
	 * @throws PickleException if the payload is corrupt, exceeds a limit, names a class
	 * that cannot be loaded, or its root is not a {@code type}
	 */
	public <T> @Nullable T loads(VerifiedPayload payload, Class<T> type) {
		Objects.requireNonNull(type, "type");
		PickleObservationContext context = new PickleObservationContext(Operation.LOADS);
		return observe(context, () -> {
			context.setPayloadSize(payload.length());
			Object result = this.pickler.loads(payload);
			if (result != null && !type.isInstance(result)) {
				throw new PickleException(
						"payload holds a " + result.getClass().getName() + ", not a " + type.getName());
			}
			return type.cast(result);
		});
	}

	/**
	 * Reads exactly one pickle from the stream and loads it, leaving the stream right
	 * after that pickle (see {@link Pickler#load(InputStream)}); the stream is not
	 * closed.
	 */
	public @Nullable Object load(InputStream in) {
		return load(in, Object.class);
	}

	/**
	 * Reads exactly one pickle from the stream, loads it and checks the root's type.
	 * @throws PickleException also if the root is not a {@code type}
	 */
	public <T> @Nullable T load(InputStream in, Class<T> type) {
		Objects.requireNonNull(type, "type");
		CountingInputStream counting = new CountingInputStream(Objects.requireNonNull(in, "in"));
		PickleObservationContext context = new PickleObservationContext(Operation.LOADS);
		return observe(context, () -> {
			try {
				Object result = this.pickler.load(counting);
				if (result != null && !type.isInstance(result)) {
					throw new PickleException(
							"payload holds a " + result.getClass().getName() + ", not a " + type.getName());
				}
				return type.cast(result);
			}
			catch (PickleLimitException ex) {
				throw new PickleLimitException(ex.limit(), ex.getMessage() + " (" + ex.limit().springProperty() + ")");
			}
			finally {
				context.setPayloadSize(counting.count());
			}
		});
	}

	/** The underlying pickler. */
	public Pickler pickler() {
		return this.pickler;
	}

	/** The limits applied when loading. */
	public PickleLimits limits() {
		return this.pickler.limits();
	}

	/** Where received classes are defined. */
	public ClassSpace classSpace() {
		return this.pickler.classSpace();
	}

	private <T> T observe(PickleObservationContext context, Supplier<T> action) {
		Operation operation = context.getOperation();
		PickleObservationDocumentation documentation = (operation == Operation.DUMPS)
				? PickleObservationDocumentation.DUMPS : PickleObservationDocumentation.LOADS;
		Observation observation = documentation.observation(this.observationConvention,
				DefaultPickleObservationConvention.of(operation), () -> context, this.observationRegistry);
		return observation.observe(action);
	}

	/** The {@code classes.shipped} tag: whether the payload carries classes by value. */
	private static String shipping(byte[] payload) {
		try {
			return String.valueOf(PayloadInfo.of(payload).shipsClasses());
		}
		catch (PickleException ex) {
			return "unknown";
		}
	}

}
