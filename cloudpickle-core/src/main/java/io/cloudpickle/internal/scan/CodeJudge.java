package io.cloudpickle.internal.scan;

/**
 * A class filter that judges shipped code by what a payload reaches rather than class by
 * class: the engine asks it for each shipped class's {@link ClassCode} (refusing what is
 * wrong with the class as a whole), and judges the uses of the payload against a
 * {@link ReachableCode} built from them.
 */
public interface CodeJudge {

	/**
	 * Judges the class file as a whole (structure, supertypes, native methods) and
	 * returns its code, whose methods carry what the deny-list refuses in them.
	 * @param sha256 the class file's SHA-256, already verified against its bytes
	 * @throws io.cloudpickle.PickleException if the class is refused whatever the payload
	 * uses of it
	 */
	ClassCode inspect(String className, byte[] sha256, byte[] classFile);

	/**
	 * How refusals name what judged them, e.g. {@code bytecode level STANDARD}; null when
	 * no method is ever refused (then uses need not be judged).
	 */
	String deniesAt();

}
