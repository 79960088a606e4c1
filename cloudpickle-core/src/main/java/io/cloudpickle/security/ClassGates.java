package io.cloudpickle.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import io.cloudpickle.ClassFilter;
import io.cloudpickle.ClassRefusedException;
import io.cloudpickle.PickleException;
import io.cloudpickle.internal.policy.PackageNames;
import io.cloudpickle.internal.scan.ClassCode;
import io.cloudpickle.internal.scan.ClassFile;
import io.cloudpickle.internal.scan.CodeJudge;

/**
 * A {@link ClassFilter} for receivers that take payloads from a network
 * (docs/SECURITY.md, "Class gates"):
 * <ul>
 * <li>classes shipped by value only from allowed packages (prefix semantics:
 * {@code com.acme} covers {@code com.acme.jobs});</li>
 * <li>their bytecode passes a structural check and the deny-list of a
 * {@link BytecodeLevel} (default {@link BytecodeLevel#STANDARD}), scanned once per
 * distinct class file; a pickler judges against the deny-list only the methods reachable
 * from what the payload uses (its lambdas' implementation methods, the classes of its
 * objects, the classes initialised), while {@link #checkClassFile} judges every
 * method;</li>
 * <li>classes named by reference, shipped, or named inside nested JDK streams pass the
 * {@link GadgetDenyList} of known deserialization gadgets, plus extra denied names and an
 * optional allow-list.</li>
 * </ul>
 * A pickler configured with ClassGates also refuses shipped classes that would shadow a
 * class of the receiver ({@link io.cloudpickle.Pickler.Builder#refuseShadowedClasses}).
 *
 * <pre>{@code
 * Pickler receiver = Pickler.builder()
 *     .verifyWith(PayloadVerifier.hmacSha256("key-1", secret))
 *     .classFilter(ClassGates.networkDefaults("com.acme.jobs"))
 *     .limits(PickleLimits.network())
 *     .build();
 * }</pre> Immutable and thread-safe.
 */
public final class ClassGates implements ClassFilter, CodeJudge {

	private final List<String> byValuePackages;

	private final List<String> byReferenceAllowed;

	private final List<String> denied;

	private final boolean gadgetDenyList;

	private final BytecodeInspector inspector;

	private ClassGates(Builder builder) {
		this.byValuePackages = List.copyOf(builder.byValuePackages);
		this.byReferenceAllowed = (builder.byReferenceAllowed != null) ? List.copyOf(builder.byReferenceAllowed) : null;
		this.denied = List.copyOf(builder.denied);
		this.gadgetDenyList = builder.gadgetDenyList;
		this.inspector = new BytecodeInspector(builder.bytecodeLevel);
	}

	/**
	 * The gates for a network receiver: by-value classes only from
	 * {@code allowedByValuePackages} (none if empty), bytecode level
	 * {@link BytecodeLevel#STANDARD}, the gadget deny-list, no by-reference allow-list.
	 */
	public static ClassGates networkDefaults(String... allowedByValuePackages) {
		return builder().allowByValuePackages(allowedByValuePackages).build();
	}

	public static Builder builder() {
		return new Builder();
	}

	@Override
	public boolean allowByValue(String className) {
		requireNotDenied(className, "shipped by value");
		String pkg = PackageNames.packageOf(className);
		for (String allowed : this.byValuePackages) {
			if (PackageNames.covers(allowed, pkg)) {
				return true;
			}
		}
		throw new ClassRefusedException(className,
				"class " + className + " was shipped by value, but its package " + (pkg.isEmpty() ? "(unnamed)" : pkg)
						+ " is not among the packages this receiver accepts by value " + this.byValuePackages);
	}

	@Override
	public boolean allowByReference(String className) {
		requireNotDenied(className, "named by reference");
		if (this.byReferenceAllowed != null && !matchesAny(this.byReferenceAllowed, className)) {
			throw new ClassRefusedException(className, "class " + className
					+ " is named by reference, but is not on this receiver's" + " by-reference allow-list");
		}
		return true;
	}

	@Override
	public void checkClassFile(String className, byte[] classFile) {
		this.inspector.check(className, ClassFile.sha256(classFile), classFile);
	}

	@Override
	public void checkClassFile(String className, byte[] sha256, byte[] classFile) {
		this.inspector.check(className, sha256, classFile);
	}

	/**
	 * For the engine: judges the class file as a whole and returns its code, whose
	 * methods are judged against the deny-list where a payload reaches them.
	 */
	@Override
	public ClassCode inspect(String className, byte[] sha256, byte[] classFile) {
		return this.inspector.inspect(className, sha256, classFile);
	}

	@Override
	public String deniesAt() {
		return (this.inspector.level() == BytecodeLevel.NONE) ? null : this.inspector.describe();
	}

	private void requireNotDenied(String className, String how) {
		if (this.gadgetDenyList) {
			GadgetDenyList.requireNotDenied(className, how);
		}
		if (matchesAny(this.denied, className)) {
			throw new ClassRefusedException(className,
					"class " + className + " is " + how + ", but this receiver denies it");
		}
	}

	/**
	 * A class entry matches the class and its nested classes; a package entry, the
	 * package and its sub-packages.
	 */
	static boolean matchesAny(List<String> entries, String className) {
		String pkg = PackageNames.packageOf(className);
		for (String entry : entries) {
			if (className.equals(entry) || className.startsWith(entry + "$") || PackageNames.covers(entry, pkg)) {
				return true;
			}
		}
		return false;
	}

	/** The level received bytecode is judged at. */
	public BytecodeLevel bytecodeLevel() {
		return this.inspector.level();
	}

	public List<String> byValuePackages() {
		return this.byValuePackages;
	}

	@Override
	public String toString() {
		return "ClassGates[byValue=" + this.byValuePackages + ", bytecode=" + bytecodeLevel() + ", gadgetDenyList="
				+ this.gadgetDenyList + ", denied=" + this.denied + ", byReferenceAllowed=" + this.byReferenceAllowed
				+ "]";
	}

	/** Builds {@link ClassGates}. */
	public static final class Builder {

		private final List<String> byValuePackages = new ArrayList<>();

		private List<String> byReferenceAllowed;

		private final List<String> denied = new ArrayList<>();

		private boolean gadgetDenyList = true;

		private BytecodeLevel bytecodeLevel = BytecodeLevel.STANDARD;

		private Builder() {
		}

		/**
		 * Packages (and their sub-packages) whose classes may arrive by value. Default:
		 * none.
		 */
		public Builder allowByValuePackages(String... packageNames) {
			return allowByValuePackages(List.of(packageNames));
		}

		public Builder allowByValuePackages(Collection<String> packageNames) {
			for (String name : packageNames) {
				this.byValuePackages.add(PackageNames.requireValid(name));
			}
			return this;
		}

		/**
		 * Restricts classes named by reference to these packages (with sub-packages) and
		 * classes (with nested classes). Default: no allow-list, every class not denied.
		 * Remember the JDK types your payloads use (e.g. {@code java.util},
		 * {@code java.lang}, {@code java.time}).
		 */
		public Builder allowByReference(String... packagesOrClasses) {
			return allowByReference(List.of(packagesOrClasses));
		}

		public Builder allowByReference(Collection<String> packagesOrClasses) {
			if (this.byReferenceAllowed == null) {
				this.byReferenceAllowed = new ArrayList<>();
			}
			for (String entry : packagesOrClasses) {
				this.byReferenceAllowed.add(requireName(entry));
			}
			return this;
		}

		/**
		 * Extra packages (with sub-packages) or classes (with nested classes) refused, by
		 * value or by reference.
		 */
		public Builder deny(String... packagesOrClasses) {
			for (String entry : packagesOrClasses) {
				this.denied.add(requireName(entry));
			}
			return this;
		}

		/** Whether the {@link GadgetDenyList} applies (default true). */
		public Builder gadgetDenyList(boolean apply) {
			this.gadgetDenyList = apply;
			return this;
		}

		/**
		 * How strictly received bytecode is judged (default
		 * {@link BytecodeLevel#STANDARD}).
		 */
		public Builder bytecodeLevel(BytecodeLevel level) {
			this.bytecodeLevel = Objects.requireNonNull(level, "level");
			return this;
		}

		public ClassGates build() {
			return new ClassGates(this);
		}

		private static String requireName(String entry) {
			Objects.requireNonNull(entry, "entry");
			if (entry.isEmpty() || entry.startsWith(".") || entry.endsWith(".")) {
				throw new IllegalArgumentException("not a package or class name: '" + entry + "'");
			}
			return entry;
		}

	}

}
