package io.cloudpickle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import io.cloudpickle.internal.classtable.ReadClassTable;
import io.cloudpickle.internal.classtable.ResolvedNames;
import io.cloudpickle.internal.classtable.Shipment;
import io.cloudpickle.internal.classtable.WriteClassTable;
import io.cloudpickle.internal.codec.CodecRegistry;
import io.cloudpickle.internal.codec.ObjectReader;
import io.cloudpickle.internal.codec.ObjectWriter;
import io.cloudpickle.internal.envelope.Envelope;
import io.cloudpickle.internal.envelope.LastPayloadSizes;
import io.cloudpickle.internal.io.ByteSink;
import io.cloudpickle.internal.io.ByteSource;
import io.cloudpickle.internal.policy.ByValuePolicy;
import io.cloudpickle.internal.policy.ByValueRegistry;
import io.cloudpickle.internal.policy.PackageNames;
import io.cloudpickle.security.PayloadSigner;
import io.cloudpickle.security.PayloadVerifier;
import io.cloudpickle.security.ReplayGuard;
import io.cloudpickle.security.SignedPayloads;

/**
 * A configured, thread-safe pickler: its own by-value packages, limits, class filter,
 * custom codecs, receiver class space, and signing and verification keys. Build one with
 * {@link #builder()}; {@link CloudPickle}'s static methods use
 * {@link CloudPickle#defaultPickler()}.
 *
 * <p>
 * Like {@link CloudPickle}, a pickler trusts the payloads it loads unless it is
 * configured otherwise: loading defines and runs the classes a payload ships. For
 * payloads from a network, configure a verifier ({@link Builder#verifyWith}), class gates
 * ({@link io.cloudpickle.security.ClassGates#networkDefaults}) and
 * {@link PickleLimits#network()}; see docs/SECURITY.md.
 */
public final class Pickler {

	/**
	 * Graph buffers are reused per thread; larger ones are dropped after use so idle
	 * threads hold little.
	 */
	private static final int RETAINED_BUFFER = 1 << 20;

	private static final ThreadLocal<WriterState> WRITER = ThreadLocal.withInitial(WriterState::new);

	/**
	 * A thread's reusable buffer and writer; {@code busy} while a dumps runs, so a nested
	 * dumps gets its own.
	 */
	private static final class WriterState {

		final ByteSink graph = new ByteSink(4096);

		final ObjectWriter writer = new ObjectWriter(this.graph, null, null);

		final ByteSink head = new ByteSink(256);

		boolean busy;

	}

	private final Set<String> byValuePackages;

	private final ByValuePolicy policy;

	private final PickleLimits limits;

	private final ClassFilter classFilter;

	private final ClassLoader classLoader;

	private final CodecRegistry codecs;

	private final ClassSpace classSpace;

	private final boolean returnOwnClasses;

	private final boolean cleanClosures;

	private final ResolvedNames resolvedNames = new ResolvedNames();

	private final PayloadSigner signer;

	private final SignedPayloads.Policy signatures;

	private final boolean refuseShadowing;

	private Pickler(Builder builder) {
		this.signer = builder.signer;
		this.signatures = new SignedPayloads.Policy(builder.verifier,
				(builder.requireSignature != null) ? builder.requireSignature : builder.verifier != null,
				builder.maxPayloadAge, builder.maxClockSkew, builder.clock, builder.replayGuard);
		this.refuseShadowing = (builder.refuseShadowing != null) ? builder.refuseShadowing
				: (!isTrustedCallerFilter(builder.classFilter) || builder.verifier != null);
		this.byValuePackages = Set.copyOf(builder.byValuePackages);
		this.policy = new ByValuePolicy(this.byValuePackages,
				builder.useGlobalRegistry ? ByValueRegistry.global() : null);
		this.limits = builder.limits;
		this.classFilter = builder.classFilter;
		this.classLoader = builder.classLoader;
		this.codecs = new CodecRegistry(builder.codecs, builder.persistentIds);
		this.classSpace = (builder.classSpace != null) ? builder.classSpace : ClassSpace.shared();
		this.returnOwnClasses = builder.returnOwnClasses;
		this.cleanClosures = builder.cleanClosures;
	}

	private static boolean isTrustedCallerFilter(ClassFilter filter) {
		return filter == ClassFilter.ALLOW_ALL || filter == ClassFilter.DENY_KNOWN_GADGETS;
	}

	public static Builder builder() {
		return new Builder();
	}

	/** Pickles {@code obj} (which may be null) and everything reachable from it. */
	public byte[] dumps(Object obj) {
		return dumps(obj, new Shipment(null));
	}

	/**
	 * Pickles {@code obj} for one peer: classes the peer has confirmed it holds are named
	 * by their SHA-256 only, the others travel with their bytes. The receiver loads it
	 * with {@link #loads}; if it no longer holds a class named by hash, loading fails
	 * with a {@link ClassesMissingException} before anything is defined or run, and the
	 * sender {@linkplain PeerClasses#forget forgets} those classes and sends again. After
	 * the peer has loaded the payload, {@linkplain PeerClasses#confirm confirm} it.
	 */
	public PeerPayload dumpsFor(PeerClasses peer, Object obj) {
		Objects.requireNonNull(peer, "peer");
		Shipment shipment = new Shipment(peer::holds);
		byte[] bytes = dumps(obj, shipment);
		return new PeerPayload(bytes, shipment.shipped(), shipment.referenced(), shipment.classBytes());
	}

	private byte[] dumps(Object obj, Shipment shipment) {
		WriterState state = WRITER.get();
		boolean reuse = !state.busy;
		LastPayloadSizes last = (obj != null) ? LastPayloadSizes.of(obj.getClass()) : null;
		int headRoom = 0;
		ByteSink graph;
		if (last != null && last.graph() > RETAINED_BUFFER) {
			// A large payload is written where it will stay: no growing, and no copy if
			// it comes out the size of the last one of its class.
			headRoom = last.head();
			graph = new ByteSink(headRoom + last.graph());
			graph.reserve(headRoom);
		}
		else {
			graph = reuse ? state.graph : new ByteSink(4096);
			graph.reset();
		}
		ObjectWriter writer = reuse ? state.writer : new ObjectWriter(graph, null, null);
		ByteSink head = reuse ? state.head : new ByteSink(256);
		state.busy = true;
		try {
			WriteClassTable classes = writeGraph(obj, graph, writer);
			head.reset();
			Envelope.writeHeader(head, classes.maxMajorVersion(),
					(this.signer != null) ? SignedPayloads.FLAG_SIGNED : 0);
			classes.writeTo(head, shipment);
			int graphBytes = graph.position() - headRoom;
			if (last != null) {
				last.record(head.position(), graphBytes);
			}
			byte[] payload = assemble(head, graph, headRoom);
			return (this.signer != null) ? SignedPayloads.sign(payload, this.signer) : payload;
		}
		finally {
			if (reuse) {
				state.busy = false;
				if (state.graph.array().length > RETAINED_BUFFER || head.array().length > RETAINED_BUFFER) {
					WRITER.remove();
				}
			}
		}
	}

	/**
	 * The payload: {@code head} then the graph, which starts at {@code headRoom} in
	 * {@code graph}. The graph's own array is the payload when the head fills its room
	 * and the graph fills the array.
	 */
	private static byte[] assemble(ByteSink head, ByteSink graph, int headRoom) {
		int headBytes = head.position();
		int graphBytes = graph.position() - headRoom;
		if (headRoom > 0 && headBytes == headRoom && graph.position() == graph.array().length) {
			System.arraycopy(head.array(), 0, graph.array(), 0, headBytes);
			return graph.array();
		}
		byte[] payload = new byte[headBytes + graphBytes];
		System.arraycopy(head.array(), 0, payload, 0, headBytes);
		System.arraycopy(graph.array(), headRoom, payload, headBytes, graphBytes);
		return payload;
	}

	/**
	 * Appends the pickle of {@code obj} to {@code out}, after whatever the stream holds;
	 * the stream is flushed, not closed. {@link #load(InputStream)} reads such pickles
	 * back one at a time.
	 */
	public void dump(Object obj, OutputStream out) {
		writePayload(dumps(obj), out);
	}

	/**
	 * Writes a payload made by {@link #dumps} to {@code out}; the stream is flushed, not
	 * closed.
	 */
	public static void writePayload(byte[] payload, OutputStream out) {
		try {
			out.write(payload);
			out.flush();
		}
		catch (IOException ex) {
			throw new PickleException("cannot write the payload: " + ex.getMessage(), ex);
		}
	}

	private WriteClassTable writeGraph(Object obj, ByteSink graph, ObjectWriter writer) {
		WriteClassTable classes = new WriteClassTable(this.policy);
		try {
			writer.reset(graph, classes, this.codecs).cleanClosures(this.cleanClosures).writeRoot(obj);
		}
		catch (StackOverflowError ex) {
			throw new PickleException("object graph is too deep for a custom serialization hook", ex);
		}
		return classes;
	}

	/** Loads a payload made by {@link #dumps}, defining the classes it ships. */
	public Object loads(byte[] payload) {
		return loads(payload, this.signatures);
	}

	/**
	 * Checks what can be checked without running anything: the payload's size, its
	 * header, and its signature under this pickler's policy (required or not, key,
	 * maximum age, replay guard). No class is defined and no code of the payload runs, so
	 * this is cheap and safe to do where a request arrives;
	 * {@link #loads(VerifiedPayload)} then loads it later, under whatever deadline the
	 * caller chooses, without checking the signature again (a replay guard counts it
	 * once).
	 * @throws PickleException as {@link #loads(byte[])} would for these checks
	 */
	public VerifiedPayload verify(byte[] payload) {
		checkSize(payload);
		try {
			ByteSource headerOnly = new ByteSource(payload);
			Envelope.Header header = Envelope.peekHeader(headerOnly);
			SignedPayloads.check(payload, header.signed(), headerOnly.position(), this.signatures);
			Envelope.checkRunnable(header);
			return new VerifiedPayload(payload.clone(), this);
		}
		catch (PickleException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new PickleException("cannot read payload: " + ex, ex);
		}
	}

	/**
	 * Loads a payload this pickler verified: the class gates and limits apply as for
	 * {@link #loads(byte[])}; the signature, already checked, is skipped.
	 * @throws IllegalArgumentException if another pickler verified it
	 */
	public Object loads(VerifiedPayload payload) {
		if (payload.verifiedBy() != this) {
			throw new IllegalArgumentException("this payload was verified by another pickler");
		}
		return loads(payload.bytesUnsafe(), SignedPayloads.Policy.TRUSTED);
	}

	private void checkSize(byte[] payload) {
		if (payload == null) {
			throw new PickleException("payload is null");
		}
		if (payload.length > this.limits.maxPayloadBytes()) {
			throw new PickleLimitException(PickleLimit.MAX_PAYLOAD_BYTES, "payload of " + payload.length
					+ " bytes exceeds the limit maxPayloadBytes=" + this.limits.maxPayloadBytes());
		}
	}

	private Object loads(byte[] payload, SignedPayloads.Policy signaturePolicy) {
		checkSize(payload);
		try {
			// Signatures first: nothing past the header is read before the payload is
			// authenticated.
			ByteSource headerOnly = new ByteSource(payload);
			Envelope.Header header = Envelope.peekHeader(headerOnly);
			int bodyEnd = SignedPayloads.check(payload, header.signed(), headerOnly.position(), signaturePolicy);
			Envelope.checkRunnable(header);
			ByteSource in = (bodyEnd == payload.length) ? headerOnly
					: new ByteSource(payload, headerOnly.position(), bodyEnd - headerOnly.position());
			Object result = readBody(in, header);
			if (in.hasRemaining()) {
				throw new PickleException("payload is corrupt: " + in.remaining() + " unexpected trailing bytes");
			}
			return result;
		}
		catch (PickleException ex) {
			throw ex;
		}
		catch (RuntimeException | LinkageError | StackOverflowError ex) {
			throw new PickleException("cannot load payload: " + ex, ex);
		}
	}

	/** Reads the class table and the object graph that follow the header. */
	private Object readBody(ByteSource in, Envelope.Header header) {
		ReadClassTable classes = ReadClassTable.read(in, header.maxClassMajor(), this.limits, this.classFilter,
				this.classSpace.loaders(), effectiveLoader(), this.resolvedNames, this.refuseShadowing,
				this.returnOwnClasses);
		return new ObjectReader(in, classes, this.codecs, this.limits).readRoot();
	}

	/** Loads and checks the type of the result. */
	public <T> T loads(byte[] payload, Class<T> type) {
		Object result = loads(payload);
		if (result != null && !type.isInstance(result)) {
			throw new PickleException("payload holds a " + result.getClass().getName() + ", not a " + type.getName());
		}
		return type.cast(result);
	}

	/**
	 * Loads one payload from {@code in} and leaves the stream right after it, so payloads
	 * written one after the other with {@link #dump} load one after the other. The stream
	 * is read exactly as far as the payload goes, never ahead, so it needs no mark/reset
	 * support (wrap an unbuffered stream in a {@code BufferedInputStream} for speed; then
	 * that stream is the one left right after the payload). The stream is not closed.
	 * <p>
	 * A signed payload is the exception: its signature is found from the end and checked
	 * before its body is parsed, so it must be the last one in its stream, which is read
	 * to its end (docs/FORMAT.md §2). The same holds when this pickler requires
	 * signatures.
	 * @throws PickleException if the stream ends inside the payload, or at its start
	 */
	public Object load(InputStream in) {
		Objects.requireNonNull(in, "in");
		ByteSource source = ByteSource.of(in, this.limits.maxPayloadBytes());
		try {
			Envelope.Header header = Envelope.peekHeader(source);
			if (header.signed() || this.signatures.requireSignature()) {
				return loads(source.readAll(), this.signatures);
			}
			Envelope.checkRunnable(header);
			return readBody(source, header);
		}
		catch (PickleException ex) {
			throw ex;
		}
		catch (RuntimeException | LinkageError | StackOverflowError ex) {
			throw new PickleException("cannot load payload: " + ex, ex);
		}
	}

	/**
	 * Reads a payload for {@link #loads} from {@code in}: the whole stream, up to
	 * maxPayloadBytes, as one payload (use {@link #load(InputStream)} to read one of
	 * several); the stream is not closed.
	 */
	public byte[] readPayload(InputStream in) {
		try {
			long max = this.limits.maxPayloadBytes();
			byte[] payload = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, max + 1));
			if (payload.length > max) {
				throw new PickleLimitException(PickleLimit.MAX_PAYLOAD_BYTES,
						"payload exceeds the limit maxPayloadBytes=" + max);
			}
			return payload;
		}
		catch (IOException ex) {
			throw new PickleException("cannot read the payload: " + ex.getMessage(), ex);
		}
	}

	private ClassLoader effectiveLoader() {
		if (this.classLoader != null) {
			return this.classLoader;
		}
		ClassLoader context = Thread.currentThread().getContextClassLoader();
		return (context != null) ? context : Pickler.class.getClassLoader();
	}

	/**
	 * The packages this pickler ships by value, including the global registry if it
	 * applies.
	 */
	public List<String> byValuePackages() {
		return this.policy.packages();
	}

	public PickleLimits limits() {
		return this.limits;
	}

	/** Whether payloads this pickler makes are signed. */
	public boolean signs() {
		return this.signer != null;
	}

	/** Whether this pickler refuses unsigned payloads. */
	public boolean requiresSignature() {
		return this.signatures.requireSignature();
	}

	/**
	 * Whether shipped classes whose names the receiver's class loader already has are
	 * refused.
	 */
	public boolean refusesShadowedClasses() {
		return this.refuseShadowing;
	}

	/** The receiver's class space this pickler defines shipped classes in. */
	public ClassSpace classSpace() {
		return this.classSpace;
	}

	/** Builds {@link Pickler}s. Not thread-safe; the built pickler is. */
	public static final class Builder {

		private final Set<String> byValuePackages = new TreeSet<>();

		private boolean useGlobalRegistry = true;

		private PickleLimits limits = PickleLimits.defaults();

		private ClassFilter classFilter = ClassFilter.DENY_KNOWN_GADGETS;

		private ClassLoader classLoader;

		private ClassSpace classSpace;

		private boolean returnOwnClasses = true;

		private boolean cleanClosures = true;

		private final Map<Class<?>, TypeCodec<?>> codecs = new LinkedHashMap<>();

		private PayloadSigner signer;

		private PayloadVerifier verifier;

		private Boolean requireSignature;

		private Duration maxPayloadAge;

		private Duration maxClockSkew = Duration.ofSeconds(30);

		private ReplayGuard replayGuard;

		private Clock clock = Clock.systemUTC();

		private Boolean refuseShadowing;

		private PersistentIds persistentIds;

		private Builder() {
		}

		/**
		 * Objects the receiver already has travel as ids that it turns back into its own
		 * objects, as with Python pickle's {@code persistent_id} /
		 * {@code persistent_load}. Both sides need the same scheme; a payload holding
		 * such an id cannot be loaded by a pickler without one. Default: none.
		 */
		public Builder persistentIds(PersistentIds ids) {
			this.persistentIds = ids;
			return this;
		}

		/**
		 * Signs every payload this pickler makes (docs/SECURITY.md). The body stays
		 * deterministic: only the signature block at the end differs between two payloads
		 * of the same object (and only if it carries an issued-at).
		 */
		public Builder signWith(PayloadSigner signer) {
			this.signer = Objects.requireNonNull(signer, "signer");
			return this;
		}

		/**
		 * Verifies the signature of every payload this pickler loads, before its class
		 * table or any object is read, and (unless {@link #requireSignature
		 * requireSignature(false)}) refuses unsigned payloads. Without a verifier, a
		 * signed payload loads without its signature being checked, like an unsigned one.
		 */
		public Builder verifyWith(PayloadVerifier verifier) {
			this.verifier = Objects.requireNonNull(verifier, "verifier");
			return this;
		}

		/**
		 * Whether unsigned payloads are refused. Default: true once a verifier is set,
		 * false otherwise; true without a verifier makes {@link #build()} fail.
		 */
		public Builder requireSignature(boolean require) {
			this.requireSignature = require;
			return this;
		}

		/**
		 * Refuses payloads whose signed issued-at is older than {@code maxAge} (and
		 * signed payloads without an issued-at). Needs a verifier. Default: no limit.
		 */
		public Builder maxPayloadAge(Duration maxAge) {
			this.maxPayloadAge = maxAge;
			return this;
		}

		/**
		 * Refuses a signed payload that was loaded before (a replay), remembering
		 * signatures in {@code guard} until they are older than {@link #maxPayloadAge},
		 * which must be set. Default: replays within the maximum age load. A sender that
		 * retries must sign again (a new issued-at gives a new signature).
		 */
		public Builder rejectReplays(ReplayGuard guard) {
			this.replayGuard = Objects.requireNonNull(guard, "guard");
			return this;
		}

		/**
		 * How far in the future a signed issued-at may lie, for clocks that differ
		 * (default 30 s).
		 */
		public Builder maxClockSkew(Duration skew) {
			this.maxClockSkew = Objects.requireNonNull(skew, "skew");
			return this;
		}

		/**
		 * The clock {@link #maxPayloadAge} is judged by (default the system UTC clock);
		 * for tests.
		 */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		/**
		 * Whether a shipped class is refused when the receiver's class loader already has
		 * a class of that name (or its name lies in {@code java.*}, {@code javax.*},
		 * {@code jdk.*}, {@code sun.*}, {@code com.sun.*}, {@code io.cloudpickle.*} or
		 * {@code org.springframework.*}), instead of being defined side by side with it.
		 * Default: on when the pickler has a class filter other than
		 * {@link ClassFilter#DENY_KNOWN_GADGETS} or {@link ClassFilter#ALLOW_ALL}, or a
		 * verifier; off for trusted callers (where a same-process round trip legitimately
		 * ships classes the receiver also has).
		 */
		public Builder refuseShadowedClasses(boolean refuse) {
			this.refuseShadowing = refuse;
			return this;
		}

		/**
		 * Packages (prefix semantics: {@code com.acme} covers {@code com.acme.sub}) whose
		 * classes travel by value.
		 * @throws IllegalArgumentException if a name is not a valid package name
		 */
		public Builder byValuePackages(String... packageNames) {
			return byValuePackages(List.of(packageNames));
		}

		public Builder byValuePackages(Collection<String> packageNames) {
			for (String name : packageNames) {
				this.byValuePackages.add(PackageNames.requireValid(name));
			}
			return this;
		}

		/**
		 * Whether the process-global registry of
		 * {@link CloudPickle#registerPickleByValue} also applies (default true).
		 */
		public Builder useGlobalRegistry(boolean use) {
			this.useGlobalRegistry = use;
			return this;
		}

		public Builder limits(PickleLimits limits) {
			this.limits = Objects.requireNonNull(limits, "limits");
			return this;
		}

		/**
		 * Which classes a payload may name or ship. Default
		 * {@link ClassFilter#DENY_KNOWN_GADGETS}; receivers of network payloads use
		 * {@link io.cloudpickle.security.ClassGates}.
		 */
		public Builder classFilter(ClassFilter filter) {
			this.classFilter = Objects.requireNonNull(filter, "filter");
			return this;
		}

		/**
		 * The loader that resolves by-reference classes and parents shipped classes when
		 * loading. Default: the thread's context class loader at load time, else the
		 * loader of cloudpickle-core.
		 */
		public Builder classLoader(ClassLoader loader) {
			this.classLoader = loader;
			return this;
		}

		/**
		 * Whether a payload that ships only classes this JVM itself pickled by value
		 * (results of shipped code coming back, JShell values) loads as instances of
		 * those very classes (default true, as cloudpickle's class tracking does),
		 * instead of copies defined in a bundle loader. Turn it off to always get copies,
		 * e.g. to test shipping within one JVM.
		 */
		public Builder returnOwnClasses(boolean enabled) {
			this.returnOwnClasses = enabled;
			return this;
		}

		/**
		 * Closure cleaning (default on): an inner, anonymous or local class's enclosing
		 * instance ({@code this$0}) is pickled as null when no code of the class (or of
		 * its nest) reads it, so an anonymous {@code Comparator} written inside a large,
		 * non-serializable service does not drag the service along. A field that is read
		 * is always pickled. Turn it off to pickle every enclosing instance.
		 */
		public Builder cleanClosures(boolean enabled) {
			this.cleanClosures = enabled;
			return this;
		}

		/** Where received classes are defined; default {@link ClassSpace#shared()}. */
		public Builder classSpace(ClassSpace space) {
			this.classSpace = space;
			return this;
		}

		/**
		 * A custom codec for exactly {@code type}; the receiver must register the same
		 * codec.
		 */
		public <T> Builder codec(Class<T> type, TypeCodec<? super T> codec) {
			this.codecs.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(codec, "codec"));
			return this;
		}

		/**
		 * @throws IllegalStateException if signatures or a maximum age are required
		 * without a verifier
		 */
		public Pickler build() {
			return new Pickler(this);
		}

	}

}
