package io.cloudpickle.internal.classtable;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a class table wrote for one peer: the classes whose bytes it carried and those it
 * named by hash only because the peer holds them.
 */
public final class Shipment {

	private static final Predicate<String> HOLDS_NOTHING = (sha) -> false;

	final Predicate<String> peerHolds;

	final List<String> shipped = new ArrayList<>();

	final List<String> referenced = new ArrayList<>();

	long classBytes;

	/**
	 * @param peerHolds whether the peer holds the class file of a SHA-256 (hex); null
	 * when the payload is for any receiver
	 */
	public Shipment(Predicate<String> peerHolds) {
		this.peerHolds = (peerHolds != null) ? peerHolds : HOLDS_NOTHING;
	}

	/** SHA-256 (hex) of the classes whose bytes were written. */
	public List<String> shipped() {
		return this.shipped;
	}

	/** SHA-256 (hex) of the classes named by hash only. */
	public List<String> referenced() {
		return this.referenced;
	}

	/** Bytes of class files written. */
	public long classBytes() {
		return this.classBytes;
	}

}
