package com.acme.analytics.kinds;

import java.io.Serializable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Tasks for the class kinds. Each one does its checks on the receiver and returns a
 * String (a JDK type), so the test asserts values computed in the child JVM.
 */
public final class KindsTasks {

	private KindsTasks() {
	}

	private static String loaderKind(Class<?> type) {
		ClassLoader loader = type.getClassLoader();
		if (loader == null) {
			return "boot";
		}
		return (loader == ClassLoader.getSystemClassLoader()) ? "system" : "shipped";
	}

	/** Anonymous class capturing a local. */
	public static Callable<String> anonymous(int k) {
		return new Callable<String>() {
			@Override
			public String call() {
				Class<?> c = getClass();
				return c.isAnonymousClass() + ":" + c.getEnclosingMethod().getName() + ":" + (k * 2) + ":"
						+ loaderKind(c);
			}
		};
	}

	/**
	 * A local class capturing locals; the class, an instance and a bound method ref all
	 * travel.
	 */
	public static Object[] localClassParts(int offset) {
		class Local {

			final int v;

			Local(int v) {
				this.v = v;
			}

			int plus(Integer x) {
				return x + this.v + offset;
			}

		}
		Local obj = new Local(5);
		Function<Integer, Integer> bound = (Function<Integer, Integer> & Serializable) obj::plus;
		return new Object[] { Local.class, obj, bound };
	}

	public static Callable<String> describeLocal(Object[] parts) {
		return (Callable<String> & Serializable) () -> {
			Class<?> c = (Class<?>) parts[0];
			@SuppressWarnings("unchecked")
			Function<Integer, Integer> bound = (Function<Integer, Integer>) parts[2];
			return c.getName() + "|local=" + c.isLocalClass() + "|simple=" + c.getSimpleName() + "|enclosing="
					+ c.getEnclosingMethod().getName() + "|sameClass=" + (parts[1].getClass() == c) + "|apply="
					+ bound.apply(1) + "|" + loaderKind(c);
		};
	}

	/** Non-static inner class instance: its enclosing instance travels with it. */
	public static Callable<String> inner(Outer.Inner inner) {
		return (Callable<String> & Serializable) () -> inner.total() + "|member=" + inner.getClass().isMemberClass()
				+ "|declaring=" + inner.getClass().getDeclaringClass().getSimpleName() + "|outer="
				+ inner.outer().getClass().getSimpleName();
	}

	/** A local class extending another local class calls super. */
	public static Callable<String> localSubclass() {
		class Base {

			int value() {
				return 1;
			}

		}
		class Derived extends Base {

			@Override
			int value() {
				return super.value() + 1;
			}

		}
		Base b = new Derived();
		return (Callable<String> & Serializable) () -> b.value() + "|" + b.getClass().getSimpleName() + " extends "
				+ b.getClass().getSuperclass().getSimpleName() + "|sameLoader="
				+ (b.getClass().getClassLoader() == b.getClass().getSuperclass().getClassLoader());
	}

	/**
	 * Records: accessors, equals/hashCode/toString, components and the compact
	 * constructor on the receiver.
	 */
	public static Callable<String> records(Reading reading, Reading same) {
		return (Callable<String> & Serializable) () -> {
			String components = Arrays.stream(Reading.class.getRecordComponents())
				.map((rc) -> rc.getName() + ":" + rc.getType().getSimpleName())
				.collect(Collectors.joining(","));
			String invariant;
			try {
				new Reading("x", -1);
				invariant = "accepted";
			}
			catch (IllegalArgumentException ex) {
				invariant = ex.getMessage();
			}
			return reading + "|eq=" + reading.equals(new Reading(" t1 ", 2.5)) + "|hash="
					+ (reading.hashCode() == new Reading("t1", 2.5).hashCode()) + "|shared=" + (reading == same)
					+ "|record=" + Reading.class.isRecord() + "|" + components + "|" + invariant + "|"
					+ loaderKind(Reading.class);
		};
	}

	/**
	 * Enum identity, switch, constant bodies, EnumSet, valueOf, on the receiver.
	 */
	public static Callable<String> enums(Op captured, List<Op> list, EnumSet<Op> set) {
		return (Callable<String> & Serializable) () -> {
			String sw = switch (captured) {
				case PLUS -> "plus";
				case TIMES -> "times";
				case NOOP -> "noop";
			};
			return "identity=" + (captured == Op.PLUS) + "|valueOf=" + (Op.valueOf("PLUS") == captured) + "|switch="
					+ sw + "|body=" + (captured.getClass() != Op.class) + "|declaring="
					+ (captured.getDeclaringClass() == Op.class) + "|apply=" + captured.applyAsInt(6, 7) + ","
					+ list.get(0).applyAsInt(6, 7) + "|listIdentity="
					+ (list.get(0) == Op.TIMES && list.get(1) == Op.TIMES) + "|set=" + set + ":"
					+ set.contains(Op.TIMES) + ":" + EnumSet.complementOf(set) + "|values=" + Op.values().length
					+ "|ordinal=" + Op.TIMES.ordinal() + "|" + loaderKind(Op.class);
		};
	}

	/** Interfaces with default (and static) methods. */
	public static Callable<String> defaults(Greeter greeter) {
		return (Callable<String> & Serializable) () -> greeter.greet() + "|iface=" + Greeter.class.isInterface()
				+ "|default=" + Greeter.class.getMethod("greet").isDefault() + "|" + loaderKind(Greeter.class);
	}

	/**
	 * The abstract class stays abstract; a shipped subclass and one created on the
	 * receiver work.
	 */
	public static Callable<String> abstracts(Shape shape) {
		return (Callable<String> & Serializable) () -> {
			String instantiate;
			try {
				Shape.class.getDeclaredConstructor().newInstance();
				instantiate = "instantiated!";
			}
			catch (InstantiationException ex) {
				instantiate = "InstantiationException";
			}
			Shape onReceiver = new Shape() {
				@Override
				public double area() {
					return 1.5;
				}
			};
			return shape.describe() + "|abstract=" + Modifier.isAbstract(Shape.class.getModifiers()) + "|" + instantiate
					+ "|receiverSubclass=" + onReceiver.area() + "|superOk="
					+ (onReceiver.getClass().getSuperclass() == Shape.class);
		};
	}

	/**
	 * Generic signatures, type variables, bridge methods, varargs, on the receiver.
	 */
	public static Callable<String> generics(IntBox box, List<IntBox> boxes) {
		return (Callable<String> & Serializable) () -> {
			TreeSet<IntBox> sorted = new TreeSet<>(boxes);
			String bridges = Arrays.stream(IntBox.class.getDeclaredMethods())
				.filter(Method::isBridge)
				.map((m) -> m.getName() + "("
						+ Arrays.stream(m.getParameterTypes())
							.map(Class::getSimpleName)
							.collect(Collectors.joining(","))
						+ ")")
				.sorted()
				.collect(Collectors.joining(","));
			Method sum = IntBox.class.getMethod("sum", int[].class);
			return IntBox.class.getGenericSuperclass().getTypeName() + "|"
					+ Arrays.stream(IntBox.class.getGenericInterfaces())
						.map((t) -> t.getTypeName())
						.collect(Collectors.joining(","))
					+ "|typeVar=" + Box.class.getTypeParameters()[0].getName() + "|fieldType="
					+ Box.class.getDeclaredField("content").getGenericType().getTypeName() + "|content=" + box.get()
					+ "|min=" + sorted.first().get() + "|bridges=" + bridges + "|varargs=" + sum.isVarArgs() + ":"
					+ IntBox.sum(1, 2, 3);
		};
	}

	/**
	 * Runtime annotations (annotation type shipped too), parameter names, metadata.
	 */
	public static Callable<String> annotations(Audited audited) {
		return (Callable<String> & Serializable) () -> {
			Audit onType = Audited.class.getAnnotation(Audit.class);
			Method check = Audited.class.getMethod("check", int.class);
			Audit onMethod = check.getAnnotation(Audit.class);
			Audit onField = Audited.class.getDeclaredField("threshold").getAnnotation(Audit.class);
			Audit onParam = check.getParameters()[0].getAnnotation(Audit.class);
			return onType.owner() + ":" + onType.level() + ":" + onType.op() + "|" + onMethod.owner() + ":"
					+ onMethod.level() + "|" + onField.owner() + ":" + onField.op() + "|" + onParam.owner() + "|param="
					+ check.getParameters()[0].getName() + ":" + check.getParameters()[0].isNamePresent() + "|check="
					+ audited.check(12) + "|annotationType=" + Audit.class.isAnnotation() + ":"
					+ loaderKind(Audit.class) + "|retention="
					+ Audit.class.getAnnotation(java.lang.annotation.Retention.class).value();
		};
	}

	/** Static initializers run on the receiver. */
	public static Callable<String> staticInit() {
		return (Callable<String> & Serializable) () -> EnvConfig.FOO + "|pid=" + EnvConfig.PID + "|log="
				+ EnvConfig.LOG;
	}

	/**
	 * A static field holding an instance of its own class, and self-referencing
	 * instances.
	 */
	public static Callable<String> selfReferences(SelfRef a) {
		return (Callable<String> & Serializable) () -> "self=" + (a.self == a) + "|peer=" + (a.peer.peer == a)
				+ "|peerSelf=" + (a.peer.self == a.peer) + "|default=" + (SelfRef.DEFAULT.self == SelfRef.DEFAULT)
				+ "|notDefault=" + (a != SelfRef.DEFAULT) + "|" + a.name + "," + a.peer.name + ","
				+ SelfRef.DEFAULT.name;
	}

	/** Default methods of a functional interface on a shipped lambda. */
	public static Callable<String> functionalDefaults() {
		Comparator<String> byLength = (Comparator<String> & Serializable) (x, y) -> Integer.compare(x.length(),
				y.length());
		Function<String, String> upper = (Function<String, String> & Serializable) String::toUpperCase;
		return (Callable<String> & Serializable) () -> {
			List<String> words = new java.util.ArrayList<>(List.of("ccc", "a", "bb"));
			words.sort(byLength.reversed());
			return words + "|" + upper.andThen((s) -> s + "!").apply("hi");
		};
	}

}
