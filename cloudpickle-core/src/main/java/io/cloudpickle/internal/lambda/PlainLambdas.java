package io.cloudpickle.internal.lambda;

import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cloudpickle.PickleException;
import io.cloudpickle.internal.scan.ClassFile;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Type;

/**
 * Reads a plain (non-Serializable) lambda without an agent: the lambda's hidden class
 * names its exact implementation method in its constant pool; the capturing class's
 * {@code invokedynamic} site for that method gives the types; the hidden class's fields
 * hold the captured values. The answer is exact or a refusal: when two call sites of the
 * capturing class could have made the lambda, nothing is guessed.
 */
public final class PlainLambdas {

	private static final String OBJECT_INIT = "java/lang/Object.<init>()V";

	/**
	 * What the engine writes for a plain lambda class.
	 *
	 * @param capturing the class whose code created the lambda
	 * @param functionalInterface the lambda's functional interface
	 * @param samName the interface method's name
	 * @param samDescriptor its erased descriptor
	 * @param implKind the implementation's method handle kind
	 * @param implClass the class declaring the implementation
	 * @param implName the implementation method's name
	 * @param implDescriptor its descriptor
	 * @param instantiatedDescriptor the SAM descriptor after generic instantiation
	 * @param capturedFields the hidden class's fields holding captured values, in capture
	 * order, accessible
	 */
	public record Shape(Class<?> capturing, Class<?> functionalInterface, String samName, String samDescriptor,
			int implKind, Class<?> implClass, String implName, String implDescriptor, String instantiatedDescriptor,
			Field[] capturedFields) {
	}

	/** A shape, or why the lambda cannot be read. */
	private record Outcome(Shape shape, String refusal) {
	}

	private static final ClassValue<Outcome> OUTCOMES = new ClassValue<>() {
		@Override
		protected Outcome computeValue(Class<?> proxy) {
			try {
				return new Outcome(read(proxy), null);
			}
			catch (Refused ex) {
				return new Outcome(null, ex.getMessage());
			}
		}
	};

	private static final ClassValue<List<LambdaCallSites.Site>> SITES = new ClassValue<>() {
		@Override
		protected List<LambdaCallSites.Site> computeValue(Class<?> capturing) {
			return LambdaCallSites.of(ClassFile.readBytes(capturing));
		}
	};

	private PlainLambdas() {
	}

	/** Whether {@link #shapeOf} answers for this lambda class (and does not throw). */
	public static boolean isReadable(Class<?> proxy) {
		return OUTCOMES.get(proxy).shape() != null;
	}

	/**
	 * The shape of a plain lambda class.
	 * @throws PickleException naming the lambda, why it cannot be read, and the ways out
	 */
	public static Shape shapeOf(Class<?> proxy) {
		Outcome outcome = OUTCOMES.get(proxy);
		if (outcome.shape() == null) {
			throw new PickleException(refusal(proxy, outcome.refusal()));
		}
		return outcome.shape();
	}

	/**
	 * Why a plain lambda cannot be pickled, with the three ways out spelled so they can
	 * be copied.
	 */
	public static String refusal(Class<?> proxy) {
		Outcome outcome = OUTCOMES.get(proxy);
		return refusal(proxy, (outcome.refusal() != null) ? outcome.refusal() : "");
	}

	private static String refusal(Class<?> proxy, String reason) {
		String capturing = capturingClassName(proxy);
		StringBuilder message = new StringBuilder("the lambda, created in ").append(capturing)
			.append(", is not Serializable and cannot be read without help (")
			.append(reason)
			.append("). Any one of these makes it picklable: (1) start this JVM with the agent,")
			.append(" -javaagent:/path/to/cloudpickle-agent-")
			.append(AgentJar.VERSION)
			.append(".jar");
		String agent = System.getProperty("cloudpickle.agent.packages");
		if (agent != null) {
			message.append(" (it is running, but did not rewrite ")
				.append(capturing)
				.append(": the class is outside its packages [")
				.append(agent)
				.append("] or was loaded before it started)");
		}
		return message.append("; (2) start it with --add-opens java.base/java.lang=ALL-UNNAMED;")
			.append(" (3) give the lambda a Serializable target type, e.g.")
			.append(" (Function<A, B> & Serializable) x -> ..., or a functional interface that extends Serializable")
			.toString();
	}

	private static String capturingClassName(Class<?> proxy) {
		String name = proxy.getName();
		int lambda = name.indexOf("$$Lambda");
		return (lambda > 0) ? name.substring(0, lambda) : proxy.getNestHost().getName();
	}

	private static final class Refused extends Exception {

		Refused(String reason) {
			super(reason, null, false, false);
		}

	}

	private static Shape read(Class<?> proxy) throws Refused {
		String unavailable = ConstantPools.unavailableReason();
		if (unavailable != null) {
			throw new Refused(unavailable);
		}
		Class<?> capturing = capturingClass(proxy);
		Class<?>[] interfaces = proxy.getInterfaces();
		if (interfaces.length == 0) {
			throw new Refused("it implements no interface");
		}
		Field[] captured = capturedFields(proxy);
		String factoryDescriptor = factoryDescriptor(captured, interfaces[0]);
		List<String> poolRefs;
		try {
			poolRefs = ConstantPools.methodRefs(proxy);
		}
		catch (IllegalStateException ex) {
			throw new Refused(ex.getMessage());
		}
		List<LambdaCallSites.Site> sites;
		try {
			sites = SITES.get(capturing);
		}
		catch (PickleException ex) {
			throw new Refused("the bytecode of " + capturing.getName() + " cannot be read (" + ex.getMessage() + ")");
		}
		Map<String, LambdaCallSites.Site> candidates = new LinkedHashMap<>();
		for (LambdaCallSites.Site site : sites) {
			if (site.factoryDescriptor().equals(factoryDescriptor) && implementedBy(site, poolRefs, capturing)) {
				candidates.putIfAbsent(site.key(), site);
			}
		}
		if (candidates.size() > 1) {
			// Every lambda class calls Object's constructor: that reference names an
			// Object::new site only when nothing else matches.
			candidates.values().removeIf((site) -> OBJECT_INIT.equals(memberRef(site.implementation())));
		}
		if (candidates.isEmpty()) {
			throw new Refused("no lambda call site of " + capturing.getName() + " matches it");
		}
		if (candidates.size() > 1) {
			throw new Refused(candidates.size() + " call sites of " + capturing.getName()
					+ " could have created it and nothing tells them apart");
		}
		return shape(capturing, interfaces[0], candidates.values().iterator().next(), captured);
	}

	private static Class<?> capturingClass(Class<?> proxy) throws Refused {
		Class<?> host = proxy.getNestHost();
		String name = capturingClassName(proxy);
		try {
			Class<?> capturing = Class.forName(name, false, host.getClassLoader());
			if (capturing.getNestHost() != host) {
				throw new Refused("its capturing class " + name + " is not in its nest");
			}
			return capturing;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			throw new Refused("its capturing class " + name + " cannot be found (" + ex + ")");
		}
	}

	/** The proxy's {@code arg$1..arg$n} fields, in capture order, made accessible. */
	private static Field[] capturedFields(Class<?> proxy) throws Refused {
		List<Field> fields = new ArrayList<>();
		for (Field field : proxy.getDeclaredFields()) {
			if (!Modifier.isStatic(field.getModifiers())) {
				fields.add(field);
			}
		}
		Field[] ordered = new Field[fields.size()];
		for (Field field : fields) {
			String name = field.getName();
			int index;
			try {
				index = name.startsWith("arg$") ? Integer.parseInt(name.substring(4)) - 1 : -1;
			}
			catch (NumberFormatException ex) {
				index = -1;
			}
			if (index < 0 || index >= ordered.length || ordered[index] != null) {
				throw new Refused("its field " + name + " is not a captured value as the JDK names them");
			}
			try {
				field.setAccessible(true);
			}
			catch (InaccessibleObjectException ex) {
				throw new Refused("its captured values cannot be read (" + ex.getMessage() + ")");
			}
			ordered[index] = field;
		}
		return ordered;
	}

	private static String factoryDescriptor(Field[] captured, Class<?> functionalInterface) {
		Type[] parameters = new Type[captured.length];
		for (int i = 0; i < captured.length; i++) {
			parameters[i] = Type.getType(captured[i].getType());
		}
		return Type.getMethodDescriptor(Type.getType(functionalInterface), parameters);
	}

	/**
	 * Whether the proxy's constant pool calls the site's implementation method (directly,
	 * or as declared in a supertype of the class the site names).
	 */
	private static boolean implementedBy(LambdaCallSites.Site site, List<String> poolRefs, Class<?> capturing) {
		Handle impl = site.implementation();
		if (poolRefs.contains(memberRef(impl))) {
			return true;
		}
		if (impl.getName().equals("<init>")) {
			// constructors are not inherited: only the exact reference counts
			return false;
		}
		String nameAndDescriptor = '.' + impl.getName() + impl.getDesc();
		for (String ref : poolRefs) {
			if (ref.endsWith(nameAndDescriptor)) {
				String owner = ref.substring(0, ref.length() - nameAndDescriptor.length());
				Class<?> declaring = load(owner, capturing);
				Class<?> named = load(impl.getOwner(), capturing);
				if (declaring != null && named != null && declaring != named && declaring.isAssignableFrom(named)) {
					return true;
				}
			}
		}
		return false;
	}

	private static String memberRef(Handle handle) {
		return handle.getOwner() + '.' + handle.getName() + handle.getDesc();
	}

	private static Class<?> load(String internalName, Class<?> context) {
		try {
			return Class.forName(internalName.replace('/', '.'), false, context.getClassLoader());
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return null;
		}
	}

	private static Shape shape(Class<?> capturing, Class<?> functionalInterface, LambdaCallSites.Site site,
			Field[] captured) throws Refused {
		Handle impl = site.implementation();
		Class<?> implClass = load(impl.getOwner(), capturing);
		if (implClass == null) {
			throw new Refused("its implementation class " + impl.getOwner() + " cannot be loaded");
		}
		return new Shape(capturing, functionalInterface, site.samName(), ((Type) site.arguments()[0]).getDescriptor(),
				impl.getTag(), implClass, impl.getName(), impl.getDesc(), ((Type) site.arguments()[2]).getDescriptor(),
				captured);
	}

}
