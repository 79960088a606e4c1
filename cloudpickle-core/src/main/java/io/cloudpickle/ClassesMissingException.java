package io.cloudpickle;

import java.io.Serializable;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A payload named classes by their hash only (see {@link Pickler#dumpsFor}) and this
 * receiver does not hold them, because it never received them, restarted, or evicted
 * them. The sender answers by forgetting them ({@link PeerClasses#forget}) and sending
 * the payload again with their bytes. Nothing of the payload was defined or run.
 */
public class ClassesMissingException extends PickleException {

	private static final long serialVersionUID = 1L;

	private final List<MissingClass> missing;

	public ClassesMissingException(List<MissingClass> missing) {
		super("payload names " + missing.size() + " class(es) by hash that this receiver does not hold: "
				+ missing.stream().map(MissingClass::toString).collect(Collectors.joining(", "))
				+ "; send the payload again with their bytes");
		this.missing = List.copyOf(missing);
	}

	/** The classes the receiver lacks, in the order the payload named them. */
	public List<MissingClass> missing() {
		return this.missing;
	}

	/**
	 * One class a payload named by hash.
	 *
	 * @param name binary name
	 * @param sha256 SHA-256 of its class file, lower-case hex
	 */
	public record MissingClass(String name, String sha256) implements Serializable {

		@Override
		public String toString() {
			return this.name + "@" + this.sha256.substring(0, Math.min(12, this.sha256.length()));
		}

	}

}
