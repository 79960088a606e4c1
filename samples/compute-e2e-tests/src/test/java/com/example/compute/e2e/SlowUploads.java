package com.example.compute.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.example.compute.api.ComputeApi;

/**
 * Connections that each POST a body one byte a second, without a key: the attack that
 * holds request threads when the server's timeouts count per read. One thread drives them
 * all; each ends when the server answers (its status is recorded) or closes the
 * connection (-1).
 *
 * @param opened connections opened
 * @param statuses how many ended with each status (-1: closed without an answer)
 * @param stillOpen connections the server had not ended when the driver gave up
 * @param longestMillis the longest any of them lasted
 */
record SlowUploads(int opened, Map<Integer, Integer> statuses, int stillOpen, long longestMillis) {

	/** Body length the connections announce (they never send it all). */
	static final int ANNOUNCED_LENGTH = 64 * 1024;

	/**
	 * Opens {@code count} connections to 127.0.0.1:{@code port}, trickles bytes until the
	 * server ends each of them or {@code limit} passes, and runs {@code whileHeld} once,
	 * two seconds in (in a thread of its own), while all of them are held.
	 */
	static SlowUploads run(int port, int count, Duration limit, Runnable whileHeld) throws Exception {
		List<Socket> sockets = new ArrayList<>();
		long start = System.nanoTime();
		byte[] head = ("POST " + ComputeApi.CALL + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: "
				+ ComputeApi.MEDIA_TYPE + "\r\nContent-Length: " + ANNOUNCED_LENGTH + "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		for (int i = 0; i < count; i++) {
			Socket socket = new Socket();
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			socket.setSoTimeout(1);
			socket.getOutputStream().write(head);
			socket.getOutputStream().write(0x80);
			sockets.add(socket);
		}
		int[] status = new int[count];
		long[] endedAt = new long[count];
		boolean[] ended = new boolean[count];
		int open = count;
		boolean checked = false;
		long deadline = start + limit.toNanos();
		try {
			while (open > 0 && System.nanoTime() < deadline) {
				long round = System.nanoTime();
				for (int i = 0; i < count; i++) {
					if (ended[i]) {
						continue;
					}
					Integer answer = poll(sockets.get(i));
					if (answer != null) {
						ended[i] = true;
						status[i] = answer;
						endedAt[i] = System.nanoTime();
						open--;
						sockets.get(i).close();
					}
				}
				if (!checked && System.nanoTime() - start > 2_000_000_000L) {
					checked = true;
					Thread check = new Thread(whileHeld, "while-held");
					check.setDaemon(true);
					check.start();
				}
				long sleep = 1000 - (System.nanoTime() - round) / 1_000_000;
				if (sleep > 0) {
					Thread.sleep(sleep);
				}
			}
		}
		finally {
			for (Socket socket : sockets) {
				socket.close();
			}
		}
		Map<Integer, Integer> statuses = new TreeMap<>();
		long longest = 0;
		for (int i = 0; i < count; i++) {
			if (ended[i]) {
				statuses.merge(status[i], 1, Integer::sum);
				longest = Math.max(longest, (endedAt[i] - start) / 1_000_000);
			}
		}
		return new SlowUploads(count, statuses, open, longest);
	}

	/**
	 * The status of the server's answer, -1 if it closed the connection, or null if it is
	 * still reading (then one more body byte is sent).
	 */
	private static Integer poll(Socket socket) {
		try {
			InputStream in = socket.getInputStream();
			int first;
			try {
				first = in.read();
			}
			catch (SocketTimeoutException ex) {
				OutputStream out = socket.getOutputStream();
				out.write(0x42);
				out.flush();
				return null;
			}
			if (first < 0) {
				return -1;
			}
			socket.setSoTimeout(5000);
			StringBuilder line = new StringBuilder().append((char) first);
			for (int b = in.read(); b >= 0 && b != '\n' && line.length() < 200; b = in.read()) {
				line.append((char) b);
			}
			String text = line.toString();
			return text.startsWith("HTTP/1.1 ") && text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : -2;
		}
		catch (IOException ex) {
			return -1;
		}
	}

}
