package com.example.demo;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import java.util.function.Function;

import io.cloudpickle.CloudPickle;

/**
 * Ships a closure to a receiver JVM that has never seen this package, over the receiver's stdin/stdout, and prints the
 * result the receiver computed on its own data.
 */
public final class Client {

	public static void main(String[] args) throws Exception {
		CloudPickle.registerPickleByValue("com.example.demo");
		Function<List<String>, List<WordStats.Count>> job = WordStats.topWords(5, WordStats.Normalizer.LOWER);
		byte[] payload = CloudPickle.dumps(job);
		System.err.println("[client] pickled a " + job.getClass().getSimpleName() + " into " + payload.length
				+ " bytes (its classes travel by value)");
		DataOutputStream toReceiver = new DataOutputStream(System.out);
		toReceiver.writeInt(payload.length);
		toReceiver.write(payload);
		toReceiver.flush();
		DataInputStream fromReceiver = new DataInputStream(System.in);
		byte[] reply = fromReceiver.readNBytes(fromReceiver.readInt());
		Object result = CloudPickle.loads(reply);
		System.err.println("[client] result from the receiver: " + result);
		if (!(result instanceof List<?> list) || list.size() != 5) {
			System.err.println("[client] FAILED: expected 5 counts");
			System.exit(1);
		}
		System.err.println("[client] OK");
	}

}
