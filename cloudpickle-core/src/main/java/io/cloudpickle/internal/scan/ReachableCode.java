package io.cloudpickle.internal.scan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.objectweb.asm.Opcodes;

import io.cloudpickle.ClassRefusedException;

/**
 * Judges the code of one payload's shipped classes by what the payload uses, with a call
 * graph over those classes: only a method reachable from a use is held against the
 * deny-list, and a refusal names the method and the chain of calls that reaches it.
 *
 * <p>
 * Uses (the roots) arrive while the object graph is read, each before the code it
 * concerns can run: a class handed out for an object, a {@code Class} value or a nested
 * stream counts as instantiated (its {@code <clinit>}, every instance method of it and of
 * its shipped supertypes); a rebuilt lambda counts its implementation method and the
 * initialisation of its capturing and implementing classes. From a reached method the
 * graph follows static, special, virtual and interface calls (virtual and interface calls
 * also to the overriding methods of shipped subtypes), {@code new} (the class counts as
 * instantiated), static field accesses and static calls (the class is initialised, with
 * its shipped supertypes), and method handles of {@code invokedynamic} and {@code ldc}. A
 * reached method that finds code by name (reflection, method-handle lookups, service
 * loaders, bean expressions) makes every method of the payload's classes reachable, since
 * the graph cannot follow it. Not thread-safe: one per payload.
 */
public final class ReachableCode {

	/** A method of a shipped class. */
	private record MethodId(String owner, String signature) {

		String display(String refusedClass) {
			String simple = this.owner.equals(refusedClass) ? "" : simpleName(this.owner) + ".";
			return simple + this.signature;
		}

	}

	private static final String CLINIT = "<clinit>()V";

	private final Map<String, ClassCode> classes;

	private final String level;

	/** Reached method → the method it was reached from (itself for a root). */
	private final Map<MethodId, MethodId> reached = new HashMap<>();

	/** Root → what use made it a root. */
	private final Map<MethodId, String> roots = new HashMap<>();

	private final Set<String> initialised = new HashSet<>();

	private final Set<String> instantiated = new HashSet<>();

	private final ArrayDeque<MethodId> pending = new ArrayDeque<>();

	private Map<String, List<String>> subtypes;

	/** The reached method that finds code by name, making every method count; or null. */
	private MethodId findsByName;

	/**
	 * @param classes the payload's shipped classes by internal name
	 * @param level how refusals name the deny-list, e.g. {@code bytecode level STANDARD}
	 */
	public ReachableCode(Map<String, ClassCode> classes, String level) {
		this.classes = classes;
		this.level = level;
	}

	/**
	 * A shipped class is handed out for use as an object's class (or as a value): judges
	 * its initialisation and every instance method of it and its shipped supertypes.
	 * @param binaryName e.g. {@code com.acme.Job}
	 * @throws ClassRefusedException if reachable code is refused
	 */
	public void usesClass(String binaryName) {
		String name = binaryName.replace('.', '/');
		if (this.instantiated.contains(name) || !this.classes.containsKey(name)) {
			return;
		}
		instantiate(name, null, "class " + binaryName + " is used by the payload");
		drain();
	}

	/**
	 * A lambda is rebuilt: judges its implementation method (with the overriding methods
	 * of shipped subtypes for a virtual or interface one) and the initialisation of its
	 * capturing and implementing classes.
	 * @param implKind a {@code MethodHandleInfo.REF_*} kind
	 * @throws ClassRefusedException if reachable code is refused
	 */
	public void usesLambda(String capturingClass, int implKind, String implClass, String implName,
			String implDescriptor) {
		String owner = implClass.replace('.', '/');
		String use = "a lambda of the payload";
		initialise(capturingClass.replace('.', '/'), null, use);
		initialise(owner, null, use);
		int opcode = switch (implKind) {
			case Opcodes.H_INVOKESTATIC -> Opcodes.INVOKESTATIC;
			case Opcodes.H_INVOKEVIRTUAL -> Opcodes.INVOKEVIRTUAL;
			case Opcodes.H_INVOKEINTERFACE -> Opcodes.INVOKEINTERFACE;
			default -> Opcodes.INVOKESPECIAL;
		};
		if (implKind == Opcodes.H_NEWINVOKESPECIAL) {
			instantiate(owner, null, use);
		}
		call(new MethodCode.Call(opcode, owner, implName, implDescriptor), null, use);
		drain();
	}

	private void drain() {
		while (!this.pending.isEmpty()) {
			MethodId id = this.pending.poll();
			MethodCode method = this.classes.get(id.owner()).method(id.signature());
			if (method.forbidden() != null) {
				throw refusal(id, method.forbidden());
			}
			if (method.reflective() != null && this.findsByName == null) {
				this.findsByName = id;
				for (ClassCode type : this.classes.values()) {
					for (MethodCode any : type.methods()) {
						reach(new MethodId(type.name(), any.signature()), id, null);
					}
				}
			}
			for (String type : method.instantiated()) {
				instantiate(type, id, null);
			}
			for (String type : method.initialised()) {
				initialise(type, id, null);
			}
			for (MethodCode.Call call : method.calls()) {
				call(call, id, null);
			}
		}
	}

	private void call(MethodCode.Call call, MethodId from, String use) {
		if (!this.classes.containsKey(call.owner())) {
			return; // the receiver's own code: judged by the deny-list at the call
		}
		String signature = call.name() + call.descriptor();
		for (String declaring : declarations(call.owner(), signature)) {
			reach(new MethodId(declaring, signature), from, use);
		}
		if (call.dispatchesVirtually()) {
			for (String subtype : subtypesOf(call.owner())) {
				reach(new MethodId(subtype, signature), from, use);
			}
		}
	}

	/**
	 * Where a call to {@code owner.signature} may land without overriding: the nearest
	 * shipped class up the superclass chain that declares it, else every shipped
	 * superinterface that does (default methods).
	 */
	private List<String> declarations(String owner, String signature) {
		for (String type = owner; type != null
				&& this.classes.containsKey(type); type = this.classes.get(type).superName()) {
			if (this.classes.get(type).method(signature) != null) {
				return List.of(type);
			}
		}
		List<String> found = new ArrayList<>();
		for (String type : shippedSupertypes(owner)) {
			if (this.classes.get(type).method(signature) != null) {
				found.add(type);
			}
		}
		return found;
	}

	private void instantiate(String type, MethodId from, String use) {
		if (!this.classes.containsKey(type) || !this.instantiated.add(type)) {
			return;
		}
		initialise(type, from, use);
		List<String> types = new ArrayList<>(shippedSupertypes(type));
		types.add(0, type);
		for (String each : types) {
			for (MethodCode method : this.classes.get(each).methods()) {
				if (!method.isStatic() && !method.isAbstract()) {
					reach(new MethodId(each, method.signature()), from, use);
				}
			}
		}
	}

	private void initialise(String type, MethodId from, String use) {
		if (!this.classes.containsKey(type) || !this.initialised.add(type)) {
			return;
		}
		reach(new MethodId(type, CLINIT), from, use);
		for (String supertype : shippedSupertypes(type)) {
			initialise(supertype, from, use);
		}
	}

	private void reach(MethodId id, MethodId from, String use) {
		ClassCode type = this.classes.get(id.owner());
		if (type == null || type.method(id.signature()) == null || this.reached.containsKey(id)) {
			return;
		}
		this.reached.put(id, (from != null) ? from : id);
		if (from == null) {
			this.roots.put(id, use);
		}
		this.pending.add(id);
	}

	/**
	 * Every shipped class and interface {@code type} extends or implements, at any depth.
	 */
	private List<String> shippedSupertypes(String type) {
		List<String> found = new ArrayList<>();
		ArrayDeque<String> queue = new ArrayDeque<>();
		queue.add(type);
		Set<String> seen = new HashSet<>(Set.of(type));
		while (!queue.isEmpty()) {
			ClassCode code = this.classes.get(queue.poll());
			if (code == null) {
				continue;
			}
			List<String> direct = new ArrayList<>(code.interfaces());
			if (code.superName() != null) {
				direct.add(code.superName());
			}
			for (String supertype : direct) {
				if (this.classes.containsKey(supertype) && seen.add(supertype)) {
					found.add(supertype);
					queue.add(supertype);
				}
			}
		}
		return found;
	}

	/** Every shipped class and interface below {@code type}, at any depth. */
	private List<String> subtypesOf(String type) {
		if (this.subtypes == null) {
			this.subtypes = new HashMap<>();
			for (ClassCode code : this.classes.values()) {
				for (String supertype : shippedSupertypes(code.name())) {
					this.subtypes.computeIfAbsent(supertype, (k) -> new ArrayList<>()).add(code.name());
				}
			}
		}
		return this.subtypes.getOrDefault(type, List.of());
	}

	private ClassRefusedException refusal(MethodId method, String reason) {
		List<MethodId> chain = new ArrayList<>();
		MethodId step = method;
		while (true) {
			chain.add(step);
			MethodId from = this.reached.get(step);
			if (from.equals(step)) {
				break;
			}
			step = from;
		}
		Collections.reverse(chain);
		String use = this.roots.get(chain.get(0));
		List<String> names = new ArrayList<>();
		for (MethodId each : chain) {
			names.add(each.display(method.owner()));
		}
		String byName = "";
		if (this.findsByName != null && chain.contains(this.findsByName) && !this.findsByName.equals(method)) {
			String reference = this.classes.get(this.findsByName.owner())
				.method(this.findsByName.signature())
				.reflective();
			byName = "; " + this.findsByName.display(method.owner()) + " uses " + reference
					+ ", which finds code by name, so every method of the shipped classes counts";
		}
		String binaryName = method.owner().replace('/', '.');
		return new ClassRefusedException(binaryName,
				"class " + binaryName + " was shipped by value but its bytecode is refused (" + this.level
						+ "): method " + String.join(" -> ", names) + " " + reason + " (reached because " + use + byName
						+ ")");
	}

	private static String simpleName(String internalName) {
		return internalName.substring(internalName.lastIndexOf('/') + 1);
	}

}
