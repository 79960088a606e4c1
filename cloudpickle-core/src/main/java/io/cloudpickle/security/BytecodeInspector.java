package io.cloudpickle.security;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.cloudpickle.ClassRefusedException;
import io.cloudpickle.PickleException;
import io.cloudpickle.internal.scan.CallRecorder;
import io.cloudpickle.internal.scan.ClassCode;
import io.cloudpickle.internal.scan.MethodCode;
import org.objectweb.asm.Attribute;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.RecordComponentVisitor;
import org.objectweb.asm.Type;

/**
 * Judges received class files with ASM (structure, then the deny-list of a
 * {@link BytecodeLevel}); verdicts are cached by the SHA-256 of the class file, so a
 * class that arrives in many payloads is scanned once. A verdict keeps what the deny-list
 * refuses per method, with the class's calls ({@link ClassCode}), so the engine can judge
 * only the methods a payload reaches; {@link #check} judges every method. Thread-safe.
 */
final class BytecodeInspector {

	private static final int MAX_CACHED = 10_000;

	private static final int ASM_API = Opcodes.ASM9;

	/**
	 * Non-standard attributes known to be harmless metadata of other JVM languages'
	 * compilers.
	 */
	private static final Set<String> HARMLESS_ATTRIBUTES = Set.of("ScalaSig", "Scala", "ScalaInlineInfo", "TASTY",
			"SourceID", "CompilationID");

	/**
	 * A deny-list: whole types (prefixes ending in '/' cover packages), members by owner
	 * and name.
	 */
	private record Rules(List<String> types, Map<String, Set<String>> members, Map<String, List<String>> memberPrefixes,
			Set<String> supertypes, boolean nativeMethods) {

		String typeReason(String internalName) {
			for (String type : this.types) {
				if (type.endsWith("/") ? internalName.startsWith(type)
						: internalName.equals(type) || internalName.startsWith(type + "$")) {
					return "references " + internalName.replace('/', '.');
				}
			}
			return null;
		}

		String memberReason(String owner, String name) {
			Set<String> names = this.members.get(owner);
			if (names != null && (names.contains(name) || names.contains("*"))) {
				return "calls or reads " + owner.replace('/', '.') + "." + name;
			}
			List<String> prefixes = this.memberPrefixes.get(owner);
			if (prefixes != null) {
				for (String prefix : prefixes) {
					if (name.startsWith(prefix)) {
						return "calls or reads " + owner.replace('/', '.') + "." + name;
					}
				}
			}
			return typeReason(owner);
		}

	}

	private static final Rules STANDARD = new Rules(
			List.of("java/lang/ProcessBuilder", "java/lang/ProcessHandle", "sun/misc/Unsafe", "jdk/internal/",
					"sun/reflect/", "java/lang/instrument/", "javax/script/", "java/net/URLClassLoader",
					"java/lang/foreign/"),
			Map.of("java/lang/Runtime", Set.of("exec", "exit", "halt", "load", "loadLibrary"), "java/lang/System",
					Set.of("exit", "load", "loadLibrary", "setSecurityManager"),
					"java/lang/invoke/MethodHandles$Lookup",
					Set.of("defineClass", "defineHiddenClass", "defineHiddenClassWithClassData"),
					"java/lang/reflect/AccessibleObject", Set.of("setAccessible", "trySetAccessible"),
					"java/lang/reflect/Field", Set.of("setAccessible", "trySetAccessible"), "java/lang/reflect/Method",
					Set.of("setAccessible", "trySetAccessible"), "java/lang/reflect/Constructor",
					Set.of("setAccessible", "trySetAccessible"), "java/lang/Thread",
					Set.of("stop", "suspend", "resume")),
			Map.of("java/lang/ClassLoader", List.of("defineClass"), "java/security/SecureClassLoader",
					List.of("defineClass"), "java/lang/reflect/Proxy", List.of("defineClass")),
			Set.of("java/lang/ClassLoader", "java/security/SecureClassLoader", "java/net/URLClassLoader"), true);

	private static final Rules STRICT = new Rules(
			concat(STANDARD.types(), List.of("java/io/File", "java/io/FileInputStream", "java/io/FileOutputStream",
					"java/io/FileReader", "java/io/FileWriter", "java/io/RandomAccessFile", "java/io/FileDescriptor",
					"java/nio/file/", "java/nio/channels/FileChannel", "java/nio/channels/AsynchronousFileChannel",
					"java/net/", "javax/net/", "javax/naming/", "java/lang/reflect/", "java/lang/ClassLoader",
					"java/rmi/", "javax/management/", "java/lang/invoke/MethodHandles",
					// reflection by other names: bean expressions and statements invoke
					// any
					// method by name, handles and var handles obtained elsewhere are
					// invoked
					// here, modules open packages to reflection, a service loader or a
					// compiler or JShell engine instantiates or defines classes by name
					"java/beans/", "java/lang/invoke/MethodHandle", "java/lang/invoke/MethodHandleProxies",
					"java/lang/invoke/VarHandle", "java/lang/Module", "java/lang/ModuleLayer",
					"java/util/ServiceLoader", "javax/tools/", "jdk/jshell/", "sun/", "com/sun/",
					"java/sql/DriverManager")),
			Map.of("java/lang/Runtime", Set.of("exec", "exit", "halt", "load", "loadLibrary", "addShutdownHook"),
					"java/lang/System",
					Set.of("exit", "load", "loadLibrary", "setSecurityManager", "getenv", "setProperty",
							"setProperties", "getProperties", "clearProperty", "setIn", "setOut", "setErr"),
					"java/lang/Class",
					Set.of("forName", "getMethod", "getMethods", "getDeclaredMethod", "getDeclaredMethods", "getField",
							"getFields", "getDeclaredField", "getDeclaredFields", "getConstructor", "getConstructors",
							"getDeclaredConstructor", "getDeclaredConstructors", "newInstance", "getClassLoader",
							"getRecordComponents"),
					"java/lang/Thread",
					Set.of("stop", "suspend", "resume", "setContextClassLoader", "getContextClassLoader")),
			Map.of("java/security/SecureClassLoader", List.of("defineClass")), STANDARD.supertypes(), true);

	private static final Rules NONE = new Rules(List.of(), Map.of(), Map.of(), Set.of(), false);

	private final BytecodeLevel level;

	private final Rules rules;

	/** SHA-256 → verdict. */
	private final Map<ByteBuffer, Verdict> cache = new ConcurrentHashMap<>();

	/**
	 * What the scan found: the class file's own name, why the class as a whole is refused
	 * (null if it is not), and its code with what the deny-list refuses per method.
	 */
	private record Verdict(String internalName, String refusal, ClassCode code) {

		/** Why the class is refused when every one of its methods is judged. */
		String refusalOfEveryMethod() {
			if (this.refusal != null || this.code == null) {
				return this.refusal;
			}
			MethodCode method = this.code.firstForbidden();
			return (method != null) ? "method " + method.signature() + " " + method.forbidden() : null;
		}

	}

	BytecodeInspector(BytecodeLevel level) {
		this.level = level;
		this.rules = switch (level) {
			case NONE -> NONE;
			case STANDARD -> STANDARD;
			case STRICT -> STRICT;
		};
	}

	BytecodeLevel level() {
		return this.level;
	}

	/**
	 * @param sha256 the class file's SHA-256, verified by the caller: verdicts are cached
	 * by it
	 * @throws PickleException if the class file is refused
	 */
	void check(String className, byte[] sha256, byte[] classFile) {
		Verdict verdict = verdict(sha256, classFile);
		requireAccepted(className, verdict, verdict.refusalOfEveryMethod());
	}

	/**
	 * Judges the class as a whole, leaving its methods to be judged by what a payload
	 * reaches.
	 * @param sha256 the class file's SHA-256, verified by the caller
	 * @return the class's code, with what the deny-list refuses per method
	 * @throws PickleException if the class file is refused whatever is reached of it
	 */
	ClassCode inspect(String className, byte[] sha256, byte[] classFile) {
		Verdict verdict = verdict(sha256, classFile);
		requireAccepted(className, verdict, verdict.refusal());
		return verdict.code();
	}

	/** How refusals name this inspector's deny-list. */
	String describe() {
		return "bytecode level " + this.level;
	}

	private Verdict verdict(byte[] sha256, byte[] classFile) {
		ByteBuffer key = ByteBuffer.wrap(sha256);
		Verdict verdict = this.cache.get(key);
		if (verdict == null) {
			verdict = scan(classFile);
			if (this.cache.size() >= MAX_CACHED) {
				this.cache.clear();
			}
			this.cache.put(key, verdict);
		}
		return verdict;
	}

	private void requireAccepted(String className, Verdict verdict, String refusal) {
		if (refusal != null) {
			throw new ClassRefusedException(className, "class " + className
					+ " was shipped by value but its bytecode is refused (" + describe() + "): " + refusal);
		}
		if (!className.replace('.', '/').equals(verdict.internalName())) {
			throw new PickleException("payload is corrupt: class " + className + " was shipped with the class file of "
					+ String.valueOf(verdict.internalName()).replace('/', '.'));
		}
	}

	private Verdict scan(byte[] classFile) {
		Scanner scanner = new Scanner(this.rules);
		try {
			new ClassReader(classFile).accept(scanner, new Attribute[0], 0);
		}
		catch (Refused ex) {
			return new Verdict(scanner.name, ex.getMessage(), null);
		}
		catch (RuntimeException ex) {
			return new Verdict(scanner.name, "the class file is malformed (" + ex.getClass().getSimpleName() + ")",
					null);
		}
		return new Verdict(scanner.name, null, scanner.code);
	}

	private static List<String> concat(List<String> a, List<String> b) {
		List<String> all = new ArrayList<>(a);
		all.addAll(b);
		return List.copyOf(all);
	}

	/** Stops the scan at the first refusal. */
	private static final class Refused extends RuntimeException {

		private static final long serialVersionUID = 1L;

		Refused(String reason) {
			super(reason, null, false, false);
		}

	}

	private static final class Scanner extends ClassVisitor {

		private final Rules rules;

		String name;

		ClassCode code;

		/**
		 * The method being scanned: what the deny-list refuses in it is recorded there.
		 */
		private MethodCode method;

		Scanner(Rules rules) {
			super(ASM_API);
			this.rules = rules;
		}

		@Override
		public void visit(int version, int access, String name, String signature, String superName,
				String[] interfaces) {
			this.name = name;
			this.code = new ClassCode(name, superName, interfaces);
			if ((access & Opcodes.ACC_MODULE) != 0) {
				throw new Refused("it is a module descriptor");
			}
			boolean isInterface = (access & Opcodes.ACC_INTERFACE) != 0;
			if (isInterface && ((access & Opcodes.ACC_ABSTRACT) == 0
					|| (access & (Opcodes.ACC_FINAL | Opcodes.ACC_ENUM | Opcodes.ACC_SUPER)) != 0)) {
				throw new Refused("inconsistent access flags 0x" + Integer.toHexString(access) + " on an interface");
			}
			if (!isInterface && (access & Opcodes.ACC_ANNOTATION) != 0) {
				throw new Refused("an annotation type that is not an interface");
			}
			if ((access & (Opcodes.ACC_FINAL | Opcodes.ACC_ABSTRACT)) == (Opcodes.ACC_FINAL | Opcodes.ACC_ABSTRACT)) {
				throw new Refused("a class that is both final and abstract");
			}
			if (superName != null) {
				supertype(superName);
			}
			if (interfaces != null) {
				for (String type : interfaces) {
					supertype(type);
				}
			}
		}

		private void supertype(String type) {
			if (this.rules.supertypes().contains(type)) {
				throw new Refused("extends " + type.replace('/', '.') + " (a class loader can define code this check"
						+ " never sees)");
			}
			String loaderAncestor = this.rules.supertypes().isEmpty() ? null : classLoaderAncestor(type);
			if (loaderAncestor != null) {
				throw new Refused("extends " + type.replace('/', '.') + ", a subclass of " + loaderAncestor
						+ " (a class loader can define code this check never sees)");
			}
			type(type);
		}

		/**
		 * The class loader class that a receiver class {@code type} descends from at any
		 * depth, or null (also for a class the receiver does not have: a shipped
		 * supertype is judged as a shipped class itself). Loads the receiver's class
		 * without initializing it, so none of its code runs.
		 */
		private static String classLoaderAncestor(String type) {
			ClassLoader loader = Thread.currentThread().getContextClassLoader();
			for (ClassLoader candidate : new ClassLoader[] { loader, BytecodeInspector.class.getClassLoader() }) {
				if (candidate == null) {
					continue;
				}
				try {
					Class<?> resolved = Class.forName(type.replace('/', '.'), false, candidate);
					for (Class<?> c = resolved.getSuperclass(); c != null; c = c.getSuperclass()) {
						if (c == ClassLoader.class) {
							return ClassLoader.class.getName();
						}
					}
					return null;
				}
				catch (ClassNotFoundException | LinkageError ex) {
					// not here: try the next loader
				}
			}
			return null;
		}

		void type(String internalName) {
			if (internalName == null) {
				return;
			}
			String element = internalName;
			if (element.startsWith("[")) {
				Type t = Type.getType(element).getElementType();
				if (t.getSort() != Type.OBJECT) {
					return;
				}
				element = t.getInternalName();
			}
			refuse(this.rules.typeReason(element));
		}

		/**
		 * A reference the deny-list refuses: recorded against the method holding it, so
		 * that it counts where the method is reached; outside methods, the class is
		 * refused.
		 */
		private void refuse(String reason) {
			if (reason == null) {
				return;
			}
			if (this.method == null) {
				throw new Refused(reason);
			}
			this.method.forbid(reason);
		}

		void member(String owner, String name) {
			String element = owner;
			if (element.startsWith("[")) {
				type(element);
				return;
			}
			refuse(this.rules.memberReason(element, name));
		}

		void constant(Object value) {
			if (value instanceof Type type) {
				if (type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY) {
					type(type.getInternalName());
				}
			}
			else if (value instanceof Handle handle) {
				member(handle.getOwner(), handle.getName());
			}
			else if (value instanceof ConstantDynamic condy) {
				constant(condy.getBootstrapMethod());
				for (int i = 0; i < condy.getBootstrapMethodArgumentCount(); i++) {
					constant(condy.getBootstrapMethodArgument(i));
				}
			}
		}

		@Override
		public void visitAttribute(Attribute attribute) {
			unknownAttribute(attribute, "class");
		}

		static void unknownAttribute(Attribute attribute, String where) {
			if (attribute.isUnknown() && !HARMLESS_ATTRIBUTES.contains(attribute.type)) {
				throw new Refused("unknown " + where + " attribute " + attribute.type);
			}
		}

		@Override
		public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
			if ((access & (Opcodes.ACC_FINAL | Opcodes.ACC_VOLATILE)) == (Opcodes.ACC_FINAL | Opcodes.ACC_VOLATILE)) {
				throw new Refused("field " + name + " is both final and volatile");
			}
			return new FieldVisitor(ASM_API) {
				@Override
				public void visitAttribute(Attribute attribute) {
					unknownAttribute(attribute, "field");
				}
			};
		}

		@Override
		public RecordComponentVisitor visitRecordComponent(String name, String descriptor, String signature) {
			return new RecordComponentVisitor(ASM_API) {
				@Override
				public void visitAttribute(Attribute attribute) {
					unknownAttribute(attribute, "record component");
				}
			};
		}

		@Override
		public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
				String[] exceptions) {
			if ((access & Opcodes.ACC_ABSTRACT) != 0 && (access & (Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC
					| Opcodes.ACC_FINAL | Opcodes.ACC_NATIVE | Opcodes.ACC_SYNCHRONIZED | Opcodes.ACC_STRICT)) != 0) {
				throw new Refused("method " + name + " has inconsistent access flags 0x" + Integer.toHexString(access));
			}
			if (this.rules.nativeMethods() && (access & Opcodes.ACC_NATIVE) != 0) {
				throw new Refused("declares native method " + name + descriptor);
			}
			this.method = this.code.addMethod(name, descriptor, access);
			return new MethodVisitor(ASM_API, new CallRecorder(ASM_API, null, this.method)) {

				@Override
				public void visitEnd() {
					Scanner.this.method = null;
				}

				@Override
				public void visitAttribute(Attribute attribute) {
					unknownAttribute(attribute, "method");
				}

				@Override
				public void visitTypeInsn(int opcode, String type) {
					type(type);
					super.visitTypeInsn(opcode, type);
				}

				@Override
				public void visitFieldInsn(int opcode, String owner, String fieldName, String fieldDescriptor) {
					member(owner, fieldName);
					super.visitFieldInsn(opcode, owner, fieldName, fieldDescriptor);
				}

				@Override
				public void visitMethodInsn(int opcode, String owner, String methodName, String methodDescriptor,
						boolean isInterface) {
					member(owner, methodName);
					super.visitMethodInsn(opcode, owner, methodName, methodDescriptor, isInterface);
				}

				@Override
				public void visitInvokeDynamicInsn(String indyName, String indyDescriptor, Handle bootstrap,
						Object... arguments) {
					constant(bootstrap);
					for (Object argument : arguments) {
						constant(argument);
					}
					super.visitInvokeDynamicInsn(indyName, indyDescriptor, bootstrap, arguments);
				}

				@Override
				public void visitLdcInsn(Object value) {
					constant(value);
					super.visitLdcInsn(value);
				}

				@Override
				public void visitMultiANewArrayInsn(String arrayDescriptor, int dimensions) {
					type(arrayDescriptor);
				}

			};
		}

	}

}
