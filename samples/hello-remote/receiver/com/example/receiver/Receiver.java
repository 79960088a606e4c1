package com.example.receiver;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import java.util.function.Function;

import io.cloudpickle.CloudPickle;

/** Runs a closure it has never seen next to its own data and sends the result back. Its class path has no client code. */
public final class Receiver {

	private static final List<String> DATA = List.of("It was the best of times, it was the worst of times,",
			"it was the age of wisdom, it was the age of foolishness,",
			"it was the epoch of belief, it was the epoch of incredulity,",
			"it was the season of Light, it was the season of Darkness,");

	@SuppressWarnings("unchecked")
	public static void main(String[] args) throws Exception {
		try {
			Class.forName("com.example.demo.WordStats");
			throw new IllegalStateException("the receiver must not have the client's classes");
		}
		catch (ClassNotFoundException expected) {
			System.err.println("[receiver] com.example.demo.WordStats is not on my class path (as intended)");
		}
		DataInputStream in = new DataInputStream(System.in);
		byte[] payload = in.readNBytes(in.readInt());
		Function<List<String>, Object> job = (Function<List<String>, Object>) CloudPickle.loads(payload);
		System.err.println("[receiver] loaded " + job.getClass().getName() + " from loader "
				+ job.getClass().getClassLoader().getName() + "; running it on " + DATA.size() + " lines");
		Object result = job.apply(DATA);
		byte[] reply = CloudPickle.dumps(result);
		DataOutputStream out = new DataOutputStream(System.out);
		out.writeInt(reply.length);
		out.write(reply);
		out.flush();
	}

}
