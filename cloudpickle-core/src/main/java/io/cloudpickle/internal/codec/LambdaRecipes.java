package io.cloudpickle.internal.codec;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.Arrays;

import io.cloudpickle.internal.io.ByteSource;

/**
 * Lambda factories of one capturing class, found by the exact bytes of a {@code LAMBDA}
 * record's block, so a warm receiver rebuilds a lambda without decoding, hashing or
 * comparing its names and descriptors as strings. The bytes hold class indices, which
 * mean different classes in different payloads, so a recipe also holds the classes it was
 * spun for and is only used when the payload's indices resolve to them.
 */
final class LambdaRecipes {

	/** Recipes kept per capturing class; further records go through the keyed cache. */
	private static final int MAX_RECIPES = 32;

	private static final ClassValue<LambdaRecipes> BY_CAPTURING_CLASS = new ClassValue<>() {
		@Override
		protected LambdaRecipes computeValue(Class<?> type) {
			return new LambdaRecipes();
		}
	};

	/** Copied on write: readers scan it without locking. */
	private volatile Recipe[] recipes = new Recipe[0];

	static LambdaRecipes of(Class<?> capturing) {
		return BY_CAPTURING_CLASS.get(capturing);
	}

	/**
	 * The recipe spun for a block with these bytes whose class indices resolve, in this
	 * payload, to the classes it was spun for; or null.
	 */
	Recipe find(byte[] bytes, int offset, int length, int capturedCount, ReadContext context) {
		Class<?>[] resolved = null;
		for (Recipe recipe : this.recipes) {
			if (recipe.capturedCount == capturedCount && recipe.block.length == length
					&& Arrays.equals(recipe.block, 0, length, bytes, offset, offset + length)) {
				if (resolved == null) {
					resolved = classesOf(new ByteSource(bytes, offset, length), context);
				}
				if (recipe.isFor(resolved)) {
					return recipe;
				}
			}
		}
		return null;
	}

	/**
	 * The classes a block names after its capturing class, in block order: functional
	 * interface, implementation class, markers. Strings are skipped, not decoded.
	 */
	private static Class<?>[] classesOf(ByteSource block, ReadContext context) {
		block.readVarInt();
		Class<?> functionalInterface = context.classAt(block.readVarInt());
		skipString(block);
		skipString(block);
		block.readUnsignedByte();
		Class<?> implClass = context.lambdaClassAt(block.readVarInt());
		skipString(block);
		skipString(block);
		skipString(block);
		int markerCount = block.readVarInt();
		block.requireAvailable(markerCount, 1, "lambda marker interfaces");
		Class<?>[] classes = new Class<?>[2 + markerCount];
		classes[0] = functionalInterface;
		classes[1] = implClass;
		for (int i = 0; i < markerCount; i++) {
			classes[2 + i] = context.classAt(block.readVarInt());
		}
		return classes;
	}

	private static void skipString(ByteSource block) {
		int header = block.readVarInt();
		// latin-1: one byte a char; otherwise two
		block.take(((header & 1) != 0) ? header >>> 1 : header & ~1);
	}

	synchronized void add(Recipe recipe) {
		Recipe[] current = this.recipes;
		if (current.length < MAX_RECIPES) {
			Recipe[] grown = Arrays.copyOf(current, current.length + 1);
			grown[current.length] = recipe;
			this.recipes = grown;
		}
	}

	/**
	 * One rebuilt lambda: the block it was read from, the classes its indices resolved to
	 * (functional interface, implementation class, markers), the names the reachability
	 * gates are told about, and the factory taking the captured values as an array.
	 */
	static final class Recipe {

		final byte[] block;

		final Class<?> functionalInterface;

		final Class<?> implClass;

		final Class<?>[] markers;

		final int capturedCount;

		final int implKind;

		final String implName;

		final String implDesc;

		private final MethodHandle spreader;

		Recipe(byte[] block, Class<?> functionalInterface, Class<?> implClass, Class<?>[] markers, int capturedCount,
				int implKind, String implName, String implDesc, MethodHandle factory) {
			this.block = block;
			this.functionalInterface = functionalInterface;
			this.implClass = implClass;
			this.markers = markers;
			this.capturedCount = capturedCount;
			this.implKind = implKind;
			this.implName = implName;
			this.implDesc = implDesc;
			this.spreader = factory.asSpreader(Object[].class, capturedCount)
				.asType(MethodType.methodType(Object.class, Object[].class));
		}

		boolean isFor(Class<?>[] classes) {
			if (classes.length != 2 + this.markers.length || classes[0] != this.functionalInterface
					|| classes[1] != this.implClass) {
				return false;
			}
			for (int i = 0; i < this.markers.length; i++) {
				if (classes[2 + i] != this.markers[i]) {
					return false;
				}
			}
			return true;
		}

		Object newLambda(Object[] captured) throws Throwable {
			return (Object) this.spreader.invokeExact(captured);
		}

	}

}
