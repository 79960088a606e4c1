package com.acme.analytics.identity;

import java.io.Serializable;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Tasks that keep objects across payloads in a by-reference JDK holder
 * ({@link System#getProperties()}, a Hashtable that accepts any key and value) and
 * compare their classes with those of later payloads.
 */
public final class IdentityTasks {

	private IdentityTasks() {
	}

	private static Properties holder() {
		return System.getProperties();
	}

	/**
	 * Stores a fresh Token built on the receiver and returns a description of Token's
	 * Class.
	 */
	public static Callable<String> storeToken(String key, String id) {
		return (Callable<String> & Serializable) () -> {
			Token token = new Token(id);
			holder().put(key, token);
			return describe(Token.class);
		};
	}

	/**
	 * In a later payload: is the stored object an instance of this payload's Token class?
	 */
	public static Callable<String> checkToken(String key, String id) {
		return (Callable<String> & Serializable) () -> {
			Object stored = holder().get(key);
			return "instanceof=" + (stored instanceof Token) + "|sameClass=" + (stored.getClass() == Token.class)
					+ "|equals=" + stored.equals(new Token(id)) + "|" + describe(Token.class);
		};
	}

	/**
	 * Stores an object that arrived in the payload (e.g. an instance of an ASM-generated
	 * class).
	 */
	public static Callable<String> store(String key, Object value) {
		return (Callable<String> & Serializable) () -> {
			holder().put(key, value);
			return describe(value.getClass()) + "|says=" + ((Supplier<?>) value).get();
		};
	}

	/** Compares a stored object with one that arrived in this payload. */
	public static Callable<String> compareWithStored(String key, Object fresh) {
		return (Callable<String> & Serializable) () -> {
			Object stored = holder().get(key);
			return "sameName=" + stored.getClass().getName().equals(fresh.getClass().getName()) + "|sameClass="
					+ (stored.getClass() == fresh.getClass()) + "|instanceof=" + fresh.getClass().isInstance(stored)
					+ "|old=" + ((Supplier<?>) stored).get() + "|new=" + ((Supplier<?>) fresh).get();
		};
	}

	/** A closure for the A → B → C chain: a Token and a shared list referenced twice. */
	public static Callable<String> chain(Token token, List<String> shared) {
		List<String> again = shared;
		return (Callable<String> & Serializable) () -> token.id() + "|" + String.join("+", shared) + "|shared="
				+ (shared == again) + "|" + describe(Token.class) + "|pid=" + ProcessHandle.current().pid();
	}

	/** Increments static state of the class it runs in. */
	public static Callable<Integer> hit() {
		return (Callable<Integer> & Serializable) () -> ++StaticState.hits;
	}

	/** An instance built on the receiver, returned to the sender. */
	public static Callable<Token> makeToken(String id) {
		return (Callable<Token> & Serializable) () -> new Token(id);
	}

	private static String describe(Class<?> type) {
		return "class@" + Integer.toHexString(System.identityHashCode(type)) + "/loader@"
				+ Integer.toHexString(System.identityHashCode(type.getClassLoader()))
				+ (type.getClassLoader() == ClassLoader.getSystemClassLoader() ? "(system)" : "(shipped)");
	}

}
