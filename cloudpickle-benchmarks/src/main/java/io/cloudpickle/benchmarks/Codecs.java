package io.cloudpickle.benchmarks;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.ClosureSerializer;
import io.cloudpickle.CloudPickle;
import io.cloudpickle.ClassSpace;
import io.cloudpickle.PeerClasses;
import io.cloudpickle.PeerPayload;
import io.cloudpickle.PickleLimits;
import io.cloudpickle.Pickler;
import io.cloudpickle.security.ClassGates;
import io.cloudpickle.security.PayloadSigner;
import io.cloudpickle.security.PayloadVerifier;
import com.example.benchmarks.byvalue.ByValueLambdas;
import io.cloudpickle.benchmarks.lambdas.ByReferenceLambdas;
import io.cloudpickle.benchmarks.model.GraphNode;
import io.cloudpickle.benchmarks.model.Image;
import io.cloudpickle.benchmarks.model.Media;
import io.cloudpickle.benchmarks.model.MediaContent;
import io.cloudpickle.benchmarks.model.PlainImage;
import io.cloudpickle.benchmarks.model.PlainMedia;
import io.cloudpickle.benchmarks.model.PlainMediaContent;
import io.cloudpickle.benchmarks.model.Player;
import io.cloudpickle.benchmarks.model.Size;
import org.apache.fory.Fory;
import org.apache.fory.config.CompatibleMode;
import org.apache.fory.config.Language;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.invoke.SerializedLambda;
import java.util.ArrayList;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;

/**
 * Builds each library's {@link Codec}, configured the way its documentation recommends
 * for the workload.
 */
public final class Codecs {

	private Codecs() {
	}

	public static Codec create(Library library, Workload workload) {
		switch (library) {
			case CLOUDPICKLE:
				return workload == Workload.LAMBDA_BY_VALUE ? byValueCloudPickle(false) : cloudPickle();
			case JDK:
				return new JdkCodec();
			case KRYO:
				return new KryoCodec(kryo(true, workload));
			case KRYO_UNREGISTERED:
				return new KryoCodec(kryo(false, workload));
			case FORY:
				return new ForyCodec(fory(true, workload));
			case FORY_UNREGISTERED:
				return new ForyCodec(fory(false, workload));
			default:
				throw new AssertionError(library);
		}
	}

	/**
	 * The static API everyone calls: {@code CloudPickle.dumps/loads} (default pickler,
	 * nothing registered by value).
	 */
	static Codec cloudPickle() {
		return new Codec() {
			@Override
			public byte[] dumps(Object value) {
				return CloudPickle.dumps(value);
			}

			@Override
			public Object loads(byte[] payload) {
				return CloudPickle.loads(payload);
			}
		};
	}

	/**
	 * Ships {@link ByValueLambdas#PACKAGE} by value to a warm peer, the way the starter's
	 * HTTP clients do: the sender remembers which classes its peer confirmed and from
	 * then on names them by SHA-256 only ({@link Pickler#dumpsFor}). The receiver is a
	 * pickler of its own with a class space of its own that does not hand back the
	 * sender's classes ({@code returnOwnClasses(false)}), so it defines and then reuses
	 * its copy of the class as a remote JVM would. The first payload carries the class
	 * bytes; every later one only their hashes.
	 */
	static Codec byValueCloudPickle(boolean networkReceiver) {
		Pickler.Builder senderBuilder = Pickler.builder().byValuePackages(ByValueLambdas.PACKAGE);
		Pickler.Builder receiverBuilder = Pickler.builder()
			.classSpace(new ClassSpace(16, 1_000, 1_000))
			.classLoader(ClassLoader.getPlatformClassLoader())
			.returnOwnClasses(false);
		if (networkReceiver) {
			byte[] secret = "benchmark-secret-of-32-bytes-len".getBytes(StandardCharsets.US_ASCII);
			senderBuilder.signWith(PayloadSigner.hmacSha256("bench", secret));
			receiverBuilder.verifyWith(PayloadVerifier.hmacSha256("bench", secret))
				.classFilter(ClassGates.networkDefaults(ByValueLambdas.PACKAGE))
				.limits(PickleLimits.network());
		}
		Pickler sender = senderBuilder.build();
		Pickler receiver = receiverBuilder.build();
		PeerClasses peer = new PeerClasses();
		return new Codec() {
			@Override
			public byte[] dumps(Object value) {
				PeerPayload payload = sender.dumpsFor(peer, value);
				// what the receiver confirms once it has loaded the payload
				peer.confirm(payload);
				return payload.bytes();
			}

			@Override
			public Object loads(byte[] payload) {
				return receiver.loads(payload);
			}
		};
	}

	/**
	 * Kryo 5.6.2. Registered: Kryo's default {@code registrationRequired(true)} with
	 * every class of every workload registered (same ids in every instance).
	 * Unregistered: {@code registrationRequired(false)}, only the lambda registrations.
	 * References on only where the workload needs them.
	 *
	 * <p>
	 * For lambdas, the registrations of Kryo's README, {@link ClosureSerializer}
	 * included. On JDK 17 these need
	 * {@code --add-opens java.base/java.lang.invoke=ALL-UNNAMED} (kryo #885): registering
	 * {@code SerializedLambda} throws {@code InaccessibleObjectException} without it, and
	 * {@code ClosureSerializer} falls back to {@code Class.forName} on every write and
	 * {@code $deserializeLambda$} on every read, with warnings. So the Kryo lambda
	 * benchmarks fork with that flag ({@link LambdaByReferenceKryoBenchmark}); without it
	 * (e.g. in {@link PayloadSizes}) {@code SerializedLambda} is left unregistered
	 * (ClosureSerializer never writes one itself) and Kryo still works through its
	 * fallbacks.
	 */
	static Kryo kryo(boolean registered, Workload workload) {
		Kryo kryo = new Kryo();
		kryo.setReferences(workload.needsReferences());
		kryo.setRegistrationRequired(registered);
		if (workload == Workload.LAMBDA_BY_REFERENCE) {
			kryo.register(Object[].class);
			kryo.register(Class.class);
			if (javaLangInvokeIsOpen()) {
				kryo.register(SerializedLambda.class);
			}
			kryo.register(ClosureSerializer.Closure.class, new ClosureSerializer());
			if (registered) {
				kryo.register(ByReferenceLambdas.class); // the capturing class
			}
		}
		if (registered) {
			for (Class<?> type : WORKLOAD_CLASSES) {
				kryo.register(type);
			}
		}
		return kryo;
	}

	/**
	 * Apache Fory 1.6.0 in Java native mode (not xlang), {@code SCHEMA_CONSISTENT} (both
	 * sides run the same classes, as with cloudpickle), JIT codegen on (default),
	 * reference tracking only where the workload needs it, and a depth limit raised from
	 * the default 50 so the 10,000-node ring can be written at all. Registered:
	 * {@code requireClassRegistration(true)} (Fory's default) with every workload class
	 * registered, as for Kryo. Unregistered: {@code requireClassRegistration(false)}.
	 */
	static Fory fory(boolean registered, Workload workload) {
		Fory fory = Fory.builder()
			.withLanguage(Language.JAVA)
			.withXlang(false)
			.withCompatibleMode(CompatibleMode.SCHEMA_CONSISTENT)
			.requireClassRegistration(registered)
			.withRefTracking(workload.needsReferences())
			.withMaxDepth(1_000_000)
			.build();
		if (registered) {
			for (Class<?> type : WORKLOAD_CLASSES) {
				fory.register(type);
			}
			fory.register(ByReferenceLambdas.class);
		}
		return fory;
	}

	/** The classes of every workload, registered in this order with Kryo and Fory. */
	private static final Class<?>[] WORKLOAD_CLASSES = { ArrayList.class, HashMap.class, double[].class, Player.class,
			Size.class, MediaContent.class, Media.class, Image.class, PlainMediaContent.class, PlainMedia.class,
			PlainImage.class, GraphNode.class };

	static boolean javaLangInvokeIsOpen() {
		return Object.class.getModule().isOpen("java.lang.invoke", Codecs.class.getModule());
	}

	static final class JdkCodec implements Codec {

		@Override
		public byte[] dumps(Object value) throws Exception {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
			try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
				out.writeObject(value);
			}
			return bytes.toByteArray();
		}

		@Override
		public Object loads(byte[] payload) throws Exception {
			try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(payload))) {
				return in.readObject();
			}
		}

	}

	/**
	 * One {@link Kryo} with one growing {@link Output} and one {@link Input}, reused
	 * across operations.
	 */
	static final class KryoCodec implements Codec {

		private final Kryo kryo;

		private final Output output = new Output(4096, -1);

		private final Input input = new Input();

		KryoCodec(Kryo kryo) {
			this.kryo = kryo;
		}

		@Override
		public byte[] dumps(Object value) {
			output.reset();
			kryo.writeClassAndObject(output, value);
			return output.toBytes();
		}

		@Override
		public Object loads(byte[] payload) {
			input.setBuffer(payload);
			return kryo.readClassAndObject(input);
		}

	}

	static final class ForyCodec implements Codec {

		private final Fory fory;

		ForyCodec(Fory fory) {
			this.fory = fory;
		}

		@Override
		public byte[] dumps(Object value) {
			return fory.serialize(value);
		}

		@Override
		public Object loads(byte[] payload) {
			return fory.deserialize(payload);
		}

	}

}
