package io.cloudpickle;

import io.cloudpickle.internal.classtable.ReadClassTable;
import io.cloudpickle.internal.envelope.Envelope;
import io.cloudpickle.internal.io.ByteSource;

/**
 * What a payload's header says, read without loading anything: for metrics, logs and
 * routing.
 *
 * @param formatVersion wire format version
 * @param senderJavaVersion the Java feature version of the JVM that pickled it
 * @param maxClassFileVersion highest class file major version shipped by value, 0 if none
 * @param shippedClasses how many classes travel by value
 */
public record PayloadInfo(int formatVersion, int senderJavaVersion, int maxClassFileVersion, int shippedClasses) {

	/** Whether the payload ships classes by value. */
	public boolean shipsClasses() {
		return this.shippedClasses > 0;
	}

	/**
	 * Reads the header of a payload.
	 * @throws PickleException if the bytes are not a cloudpickle payload
	 */
	public static PayloadInfo of(byte[] payload) {
		if (payload == null) {
			throw new PickleException("payload is null");
		}
		ByteSource in = new ByteSource(payload);
		Envelope.Header header = Envelope.peekHeader(in);
		int shipped = in.readVarInt();
		// each shipped class carries at least its name and hash
		in.requireAvailable(shipped, ReadClassTable.MIN_BUNDLE_ENTRY, "class bundle");
		return new PayloadInfo(header.formatVersion(), header.senderFeature(), header.maxClassMajor(), shipped);
	}

}
