package io.cloudpickle.internal.codec;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

import io.cloudpickle.PersistentIds;
import io.cloudpickle.PickleException;
import io.cloudpickle.TypeCodec;
import io.cloudpickle.internal.lambda.PlainLambdas;

/**
 * Decides, once per class, how a pickler writes its instances: custom codec, built-in,
 * hooks, fields or the JDK.
 */
public final class CodecRegistry {

	private final Map<Class<?>, CompositeCodec> custom = new HashMap<>();

	private final ClassValue<Plan> plans = new ClassValue<>() {
		@Override
		protected Plan computeValue(Class<?> type) {
			return decide(type);
		}
	};

	/** The pickler's persistent-id scheme, or null. */
	final PersistentIds persistentIds;

	public CodecRegistry(Map<Class<?>, TypeCodec<?>> codecs) {
		this(codecs, null);
	}

	public CodecRegistry(Map<Class<?>, TypeCodec<?>> codecs, PersistentIds persistentIds) {
		codecs.forEach((type, codec) -> this.custom.put(type, new UserCodecAdapter(codec)));
		this.persistentIds = persistentIds;
	}

	Plan planFor(Class<?> type) {
		return this.plans.get(type);
	}

	/** The composite codec the reader must use for {@code type}. */
	CompositeCodec compositeFor(Class<?> type) {
		Plan plan = planFor(type);
		if (plan.kind == Plan.Kind.VALUE) {
			throw new PickleException("payload does not match this JVM: " + type.getName()
					+ " was written as COMPOSITE but is pickled here as VALUE");
		}
		if (plan.kind != Plan.Kind.COMPOSITE) {
			throw new PickleException("payload names a codec for " + type.getName()
					+ " but this pickler has none (register the same TypeCodec on both sides)");
		}
		return plan.codec;
	}

	/** The codec of an immutable value the reader must use for {@code type}. */
	CompositeCodec valueCodecFor(Class<?> type) {
		Plan plan = planFor(type);
		if (plan.kind != Plan.Kind.VALUE) {
			throw new PickleException("payload does not match this JVM: " + type.getName()
					+ " was written as an immutable value but is pickled here as " + plan.kind);
		}
		return plan.codec;
	}

	private Plan decide(Class<?> type) {
		CompositeCodec user = this.custom.get(type);
		if (user != null) {
			return Plan.composite(user);
		}
		Plan.Kind leaf = leafKind(type);
		if (leaf != null) {
			return Plan.of(leaf);
		}
		if (type.isArray()) {
			return Plan.of(type.getComponentType().isPrimitive() ? Plan.Kind.PRIMITIVE_ARRAY : Plan.Kind.OBJECT_ARRAY);
		}
		if (Enum.class.isAssignableFrom(type)) {
			return Plan.of(Plan.Kind.ENUM);
		}
		String refusal = Refusals.reasonFor(type);
		if (refusal != null) {
			return Plan.refuse(refusal);
		}
		if (type.isHidden()) {
			return planHidden(type);
		}
		CompositeCodec builtin = BuiltinCodecs.forClass(type);
		if (builtin != null) {
			return builtin.isImmutableValue() ? Plan.value(builtin) : Plan.composite(builtin);
		}
		SerialHooks hooks = SerialHooks.of(type);
		if (Proxy.isProxyClass(type)) {
			return Plan.refuse("dynamic proxies cannot travel; pickle the handler's data and rebuild the proxy");
		}
		if (JdkStreams.isJdkOwn(type)) {
			return hooks.serializable ? Plan.of(Plan.Kind.JDK)
					: Plan.refuse("it is a JDK class that is not Serializable and has no built-in codec;"
							+ " register a TypeCodec for it");
		}
		if (type.isRecord()) {
			return Plan.of(Plan.Kind.RECORD);
		}
		if (hooks.externalizable) {
			return Plan.of(Plan.Kind.EXTERNAL);
		}
		ClassLayout layout = ClassLayout.of(type);
		if (hooks.serializable && (hooks.inaccessible != null || layout.inaccessible != null)) {
			return Plan.of(Plan.Kind.JDK);
		}
		if (hooks.serializable && hooks.customLevels) {
			return Plan.of(Plan.Kind.SERIAL);
		}
		if (layout.inaccessible == null) {
			return Plan.of(Plan.Kind.OBJECT);
		}
		return Plan.refuse(layout.inaccessible + " without --add-opens and the class is not Serializable;"
				+ " register a TypeCodec for it");
	}

	private static Plan planHidden(Class<?> type) {
		if (!LambdaCodec.isLambda(type)) {
			return Plan.refuse("hidden classes cannot be named in another JVM");
		}
		if (LambdaCodec.isReadable(type)) {
			return Plan.of(Plan.Kind.LAMBDA);
		}
		if (LambdaCodec.isSerializable(type)) {
			return Plan.of(Plan.Kind.JDK);
		}
		if (PlainLambdas.isReadable(type)) {
			return Plan.of(Plan.Kind.LAMBDA);
		}
		return Plan.refuse(PlainLambdas.refusal(type));
	}

	private static Plan.Kind leafKind(Class<?> type) {
		if (type == String.class) {
			return Plan.Kind.STRING;
		}
		if (type == Integer.class) {
			return Plan.Kind.INT;
		}
		if (type == Long.class) {
			return Plan.Kind.LONG;
		}
		if (type == Double.class) {
			return Plan.Kind.DOUBLE;
		}
		if (type == Boolean.class) {
			return Plan.Kind.BOOLEAN;
		}
		if (type == Float.class) {
			return Plan.Kind.FLOAT;
		}
		if (type == Short.class) {
			return Plan.Kind.SHORT;
		}
		if (type == Byte.class) {
			return Plan.Kind.BYTE;
		}
		if (type == Character.class) {
			return Plan.Kind.CHAR;
		}
		if (type == Class.class) {
			return Plan.Kind.CLASS;
		}
		return null;
	}

}
