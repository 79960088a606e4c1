package io.cloudpickle.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import io.cloudpickle.CloudPickle;

/**
 * Main class of the child JVM started by {@link RemoteJvm}. A persistent loop over
 * length-prefixed frames on stdin: {@code int length, byte command, byte[length] body};
 * each frame gets one reply on stdout:
 * {@code byte status, int length, byte[length] body}. Any exception or error raised while
 * serving a command becomes an error reply (status 1, body = UTF-8 text with the
 * exception class, message and stack trace); the loop never dies on a task failure.
 * <p>
 * This class must only depend on the JDK and cloudpickle-core's main classes: it is the
 * only test class copied onto the child's classpath.
 */
public final class RemoteWorker {

	static final byte CMD_CALL = 1;

	static final byte CMD_ECHO = 2;

	static final byte CMD_DESCRIBE = 3;

	static final byte CMD_HAS_CLASS = 4;

	static final byte CMD_QUIT = 5;

	static final byte CMD_PING = 6;

	static final byte STATUS_OK = 0;

	static final byte STATUS_ERROR = 1;

	private RemoteWorker() {
	}

	public static void main(String[] args) throws Exception {
		// The protocol owns the real stdout; anything a shipped task prints goes to
		// stderr.
		DataOutputStream out = new DataOutputStream(
				new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
		System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
		DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
		while (true) {
			int length;
			try {
				length = in.readInt();
			}
			catch (EOFException eof) {
				return; // parent went away
			}
			byte command = in.readByte();
			byte[] body = new byte[length];
			in.readFully(body);
			if (command == CMD_QUIT) {
				reply(out, STATUS_OK, new byte[0]);
				return;
			}
			byte status;
			byte[] answer;
			try {
				answer = serve(command, body);
				status = STATUS_OK;
			}
			catch (Throwable t) {
				status = STATUS_ERROR;
				answer = describe(t).getBytes(StandardCharsets.UTF_8);
			}
			reply(out, status, answer);
		}
	}

	private static byte[] serve(byte command, byte[] body) throws Exception {
		switch (command) {
			case CMD_CALL: {
				Object task = CloudPickle.loads(body);
				return CloudPickle.dumps(run(task));
			}
			case CMD_ECHO:
				return CloudPickle.dumps(CloudPickle.loads(body));
			case CMD_DESCRIBE:
				return String.valueOf(CloudPickle.loads(body)).getBytes(StandardCharsets.UTF_8);
			case CMD_HAS_CLASS: {
				String name = new String(body, StandardCharsets.UTF_8);
				boolean found;
				try {
					Class.forName(name, false, ClassLoader.getSystemClassLoader());
					found = true;
				}
				catch (ClassNotFoundException | LinkageError e) {
					found = false;
				}
				return new byte[] { (byte) (found ? 1 : 0) };
			}
			case CMD_PING:
				return body;
			default:
				throw new IllegalArgumentException("unknown command " + command);
		}
	}

	@SuppressWarnings("rawtypes")
	private static Object run(Object task) throws Exception {
		if (task instanceof Callable) {
			return ((Callable) task).call();
		}
		if (task instanceof Supplier) {
			return ((Supplier) task).get();
		}
		if (task instanceof Runnable) {
			((Runnable) task).run();
			return null;
		}
		throw new IllegalArgumentException(
				"not a task (Callable, Supplier or Runnable): " + (task == null ? "null" : task.getClass().getName()));
	}

	/**
	 * The error reply body: UTF-8 text. Line 1 is the exception's class name, line 2 its
	 * superclasses (comma separated, nearest first), line 3 the length in chars of its
	 * message (-1 for null); then the message itself, a newline, and the full stack
	 * trace.
	 */
	private static String describe(Throwable t) {
		StringBuilder supers = new StringBuilder();
		for (Class<?> c = t.getClass().getSuperclass(); c != null; c = c.getSuperclass()) {
			if (supers.length() > 0) {
				supers.append(',');
			}
			supers.append(c.getName());
		}
		String message = t.getMessage();
		StringWriter stack = new StringWriter();
		t.printStackTrace(new PrintWriter(stack));
		return t.getClass().getName() + '\n' + supers + '\n' + ((message == null) ? -1 : message.length()) + '\n'
				+ ((message == null) ? "" : message) + '\n' + stack;
	}

	private static void reply(DataOutputStream out, byte status, byte[] body) throws Exception {
		out.writeByte(status);
		out.writeInt(body.length);
		out.write(body);
		out.flush();
	}

}
