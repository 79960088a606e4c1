package io.cloudpickle.internal.classtable;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.cloudpickle.PickleException;
import io.cloudpickle.internal.io.ByteSink;
import io.cloudpickle.internal.policy.ByValuePolicy;
import io.cloudpickle.internal.scan.DependencyClosure;
import io.cloudpickle.internal.scan.ShippableClass;

/**
 * The sender's class table: every class the object graph names gets an index in first-use
 * order; by-value classes add their dependency closure to the bundle, which is written
 * sorted by name so payloads are deterministic.
 */
public final class WriteClassTable {

	/** UTF-8 names, encoded once per class rather than once per payload. */
	private static final ClassValue<byte[]> ENCODED_NAMES = new ClassValue<>() {
		@Override
		protected byte[] computeValue(Class<?> type) {
			return type.getName().getBytes(StandardCharsets.UTF_8);
		}
	};

	private final ByValuePolicy policy;

	private final Map<Class<?>, Integer> ids = new IdentityHashMap<>();

	private final List<Class<?>> classes = new ArrayList<>();

	private final Map<String, ShippableClass> bundle = new TreeMap<>();

	public WriteClassTable(ByValuePolicy policy) {
		this.policy = policy;
	}

	/**
	 * The index of {@code type}, registering it (and shipping it, if it is by value) on
	 * first use.
	 */
	public int idOf(Class<?> type) {
		Integer id = this.ids.get(type);
		if (id != null) {
			return id;
		}
		Class<?> component = type;
		while (component.isArray()) {
			component = component.getComponentType();
		}
		if (this.policy.isByValue(component)) {
			for (ShippableClass shippable : DependencyClosure.of(component, this.policy)) {
				ShippableClass previous = this.bundle.putIfAbsent(shippable.name(), shippable);
				if (previous == null && shippable.firstShipment()) {
					ShippedOrigins.remember(shippable.sha256(), shippable.type());
				}
				if (previous != null && previous != shippable
						&& !Arrays.equals(previous.sha256(), shippable.sha256())) {
					throw new PickleException("the graph holds two different classes named " + shippable.name()
							+ " (from different class loaders); one payload ships one class per name:"
							+ " pickle them in separate payloads");
				}
			}
		}
		int next = this.classes.size();
		this.ids.put(type, next);
		this.classes.add(type);
		return next;
	}

	public boolean isEmpty() {
		return this.classes.isEmpty();
	}

	/** The classes shipped by value so far, sorted by name. */
	public List<Class<?>> shippedClasses() {
		List<Class<?>> types = new ArrayList<>();
		for (ShippableClass shippable : this.bundle.values()) {
			types.add(shippable.type());
		}
		return types;
	}

	/** The highest class file major version among shipped classes, 0 if none. */
	public int maxMajorVersion() {
		int max = 0;
		for (ShippableClass shippable : this.bundle.values()) {
			max = Math.max(max, shippable.majorVersion());
		}
		return max;
	}

	/**
	 * An upper bound of what {@link #writeTo} writes, so the header buffer never grows
	 * while copying class files.
	 */
	public int sizeHint() {
		long size = 16;
		for (ShippableClass shippable : this.bundle.values()) {
			size += 2L * shippable.name().length() + 32 + 5 + shippable.bytes().length + 5;
		}
		for (Class<?> type : this.classes) {
			size += ENCODED_NAMES.get(type).length + 5;
		}
		return (int) Math.min(Integer.MAX_VALUE - 16, size);
	}

	/** Writes the bundle (sorted by name) then the class names (in index order). */
	public void writeTo(ByteSink out) {
		writeTo(out, new Shipment(null));
	}

	/**
	 * Writes the bundle (sorted by name) then the class names (in index order); a class
	 * the shipment's peer holds is written by hash only, as an empty class file.
	 */
	public void writeTo(ByteSink out, Shipment shipment) {
		out.writeVarInt(this.bundle.size());
		for (ShippableClass shippable : this.bundle.values()) {
			out.writeUtf8(shippable.name());
			out.writeBytes(shippable.sha256());
			String sha = HexFormat.of().formatHex(shippable.sha256());
			if (shipment.peerHolds.test(sha)) {
				out.writeBlob(new byte[0]);
				shipment.referenced.add(sha);
			}
			else {
				out.writeBlob(shippable.bytes());
				shipment.shipped.add(sha);
				shipment.classBytes += shippable.bytes().length;
			}
		}
		out.writeVarInt(this.classes.size());
		for (Class<?> type : this.classes) {
			out.writeBlob(ENCODED_NAMES.get(type));
		}
	}

}
