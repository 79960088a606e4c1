package com.example.compute.worker;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

import com.example.compute.api.TaskResult;
import com.example.compute.api.TaskStatus;
import io.cloudpickle.ClassRefusedException;
import io.cloudpickle.PickleException;
import io.cloudpickle.PickleLimit;
import io.cloudpickle.PickleLimitException;

/**
 * Frames between the compute server and a worker process, over the worker's stdin and
 * stdout. Every frame starts with {@link #MAGIC}, every length is checked against a
 * bound, so a worker whose code writes to its own stdout breaks the protocol (and is
 * killed) rather than forging an answer the server believes. The worker's answer is
 * either a pickled {@code TaskResult}, passed on to the caller as it is, or a refusal of
 * the payload by the class gates or limits, which the server answers with the HTTP status
 * it would give in a thread.
 */
public final class WorkerProtocol {

	/** Starts every frame. */
	static final int MAGIC = 0x43505731;

	/** Worker to server, once, when its dataset is loaded. */
	static final byte READY = 1;

	/** Worker to server: a pickled TaskResult follows. */
	static final byte RESULT = 2;

	/** Worker to server: the payload was refused while loading. */
	static final byte REFUSED = 3;

	private static final int MAX_MESSAGE = 2000;

	private WorkerProtocol() {
	}

	/** The worker's answer to one task. */
	public sealed interface Answer permits Result, Refusal {

		/** Whether the worker asks to be replaced after this task. */
		boolean retire();

	}

	/**
	 * A pickled TaskResult, and what it says, for the server's log.
	 *
	 * @param pickled the result's bytes
	 * @param status how the task ended
	 * @param detail the error type and message if it failed, else empty
	 * @param retire whether the worker asks to be replaced
	 */
	public record Result(byte[] pickled, TaskStatus status, String detail, boolean retire) implements Answer {

		static Result of(TaskResult<?> result, byte[] pickled) {
			String detail = result.isOk() ? "" : result.errorType() + ": " + result.errorMessage();
			return new Result(pickled, result.status(),
					(detail.length() > MAX_MESSAGE) ? detail.substring(0, MAX_MESSAGE) : detail, false);
		}

	}

	/**
	 * A payload refused while loading.
	 *
	 * @param kind 0 plain refusal, 1 a class refused by the gates, 2 a limit exceeded
	 * @param name the refused class or the exceeded limit, or empty
	 * @param message what the engine said
	 * @param retire whether the worker asks to be replaced
	 */
	public record Refusal(int kind, String name, String message, boolean retire) implements Answer {

		static Refusal of(PickleException ex, boolean retire) {
			String message = String.valueOf(ex.getMessage());
			message = (message.length() > MAX_MESSAGE) ? message.substring(0, MAX_MESSAGE) : message;
			if (ex instanceof ClassRefusedException refused) {
				return new Refusal(1, String.valueOf(refused.className()), message, retire);
			}
			if (ex instanceof PickleLimitException limit) {
				return new Refusal(2, limit.limit().limitName(), message, retire);
			}
			return new Refusal(0, "", message, retire);
		}

		private static PickleLimit limitNamed(String name) {
			for (PickleLimit limit : PickleLimit.values()) {
				if (limit.limitName().equals(name)) {
					return limit;
				}
			}
			throw new IllegalArgumentException("worker protocol broken: unknown limit " + name);
		}

		/** The refusal as the engine's exception, for the server's HTTP mapping. */
		public PickleException toException() {
			return switch (this.kind) {
				case 1 -> new ClassRefusedException(this.name, this.message);
				case 2 -> new PickleLimitException(limitNamed(this.name), this.message);
				default -> new PickleException(this.message);
			};
		}

	}

	/** Server side: one task. */
	public static void writeTask(DataOutputStream out, TaskKind kind, byte[] payload) throws IOException {
		out.writeInt(MAGIC);
		out.writeByte(kind.ordinal());
		out.writeInt(payload.length);
		out.write(payload);
		out.flush();
	}

	/** Worker side: the next task, or null at the end of input. */
	static Task readTask(DataInputStream in, int maxPayload) throws IOException {
		int magic;
		try {
			magic = in.readInt();
		}
		catch (EOFException ex) {
			return null;
		}
		expect(magic);
		int kind = in.readUnsignedByte();
		if (kind >= TaskKind.values().length) {
			throw new IOException("unknown task kind " + kind);
		}
		byte[] payload = new byte[checkLength(in.readInt(), maxPayload)];
		in.readFully(payload);
		return new Task(TaskKind.values()[kind], payload);
	}

	record Task(TaskKind kind, byte[] payload) {
	}

	static void writeReady(DataOutputStream out) throws IOException {
		out.writeInt(MAGIC);
		out.writeByte(READY);
		out.flush();
	}

	/** Server side: waits for the worker's ready frame. */
	public static void readReady(DataInputStream in) throws IOException {
		expect(in.readInt());
		if (in.readByte() != READY) {
			throw new IOException("worker protocol broken: expected READY");
		}
	}

	static void writeAnswer(DataOutputStream out, Answer answer) throws IOException {
		out.writeInt(MAGIC);
		if (answer instanceof Result result) {
			out.writeByte(RESULT);
			out.writeBoolean(result.retire());
			out.writeByte(result.status().ordinal());
			out.writeUTF(result.detail());
			out.writeInt(result.pickled().length);
			out.write(result.pickled());
		}
		else if (answer instanceof Refusal refusal) {
			out.writeByte(REFUSED);
			out.writeBoolean(refusal.retire());
			out.writeByte(refusal.kind());
			out.writeUTF(refusal.name());
			out.writeUTF(refusal.message());
		}
		out.flush();
	}

	/** Server side: the worker's answer, at most {@code maxResult} bytes of result. */
	public static Answer readAnswer(DataInputStream in, int maxResult) throws IOException {
		expect(in.readInt());
		byte type = in.readByte();
		boolean retire = in.readBoolean();
		if (type == RESULT) {
			int status = in.readUnsignedByte();
			if (status >= TaskStatus.values().length) {
				throw new IOException("worker protocol broken: unknown task status " + status);
			}
			String detail = in.readUTF();
			byte[] pickled = new byte[checkLength(in.readInt(), maxResult)];
			in.readFully(pickled);
			return new Result(pickled, TaskStatus.values()[status], detail, retire);
		}
		if (type == REFUSED) {
			int kind = in.readUnsignedByte();
			return new Refusal(kind, in.readUTF(), in.readUTF(), retire);
		}
		throw new IOException("worker protocol broken: unknown answer type " + type);
	}

	private static void expect(int magic) throws IOException {
		if (magic != MAGIC) {
			throw new IOException("worker protocol broken: bad frame start 0x" + Integer.toHexString(magic));
		}
	}

	private static int checkLength(int length, int max) throws IOException {
		if (length < 0 || length > max) {
			throw new IOException("worker protocol broken: length " + length + " outside 0.." + max);
		}
		return length;
	}

}
