package com.example.compute.e2e;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1.1 over a plain socket, for what {@code java.net.http.HttpClient} cannot do: send
 * a body slowly, send part of a body and hang up, or keep writing an oversized body while
 * reading the early answer. Loopback only; every socket has a connect and a read timeout,
 * and a watchdog closes it after a hard limit, which also ends a write blocked on a peer
 * that stopped reading (socket writes have no timeout of their own).
 */
final class RawHttp implements AutoCloseable {

	private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "raw-http-watchdog");
		thread.setDaemon(true);
		return thread;
	});

	/** Longest a connection may live, whatever it does. */
	static final long HARD_LIMIT_MILLIS = 60_000;

	/** An answer: status, headers (lower-case names) and body. */
	record Response(int status, Map<String, String> headers, byte[] body) {

		String bodyText() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

	}

	private final Socket socket;

	private final OutputStream out;

	private final InputStream in;

	private final ScheduledFuture<?> watchdog;

	private RawHttp(Socket socket) throws IOException {
		this.socket = socket;
		this.out = socket.getOutputStream();
		this.in = socket.getInputStream();
		this.watchdog = WATCHDOG.schedule(() -> {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}, HARD_LIMIT_MILLIS, TimeUnit.MILLISECONDS);
	}

	/**
	 * Connects to 127.0.0.1:{@code port}; reads time out after {@code readTimeoutMillis}.
	 */
	static RawHttp connect(int port, int readTimeoutMillis) throws IOException {
		Socket socket = new Socket();
		try {
			socket.setSoTimeout(readTimeoutMillis);
			socket.setTcpNoDelay(true);
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
			return new RawHttp(socket);
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
	}

	/**
	 * The request line and headers of a POST; {@code contentLength < 0} means chunked.
	 */
	static byte[] postHead(int port, String path, String contentType, long contentLength) {
		return postHead(port, path, contentType, contentLength, Map.of());
	}

	/** The head of a POST with {@code extraHeaders} (e.g. a request signature). */
	static byte[] postHead(int port, String path, String contentType, long contentLength,
			Map<String, String> extraHeaders) {
		StringBuilder head = new StringBuilder().append("POST ")
			.append(path)
			.append(" HTTP/1.1\r\n")
			.append("Host: 127.0.0.1:")
			.append(port)
			.append("\r\n")
			.append("Content-Type: ")
			.append(contentType)
			.append("\r\n")
			.append("Accept: ")
			.append(contentType)
			.append(", application/problem+json\r\n")
			.append("Connection: close\r\n");
		extraHeaders.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
		if (contentLength >= 0) {
			head.append("Content-Length: ").append(contentLength).append("\r\n");
		}
		else {
			head.append("Transfer-Encoding: chunked\r\n");
		}
		return head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
	}

	void write(byte[] bytes, int offset, int length) throws IOException {
		this.out.write(bytes, offset, length);
		this.out.flush();
	}

	void write(byte[] bytes) throws IOException {
		write(bytes, 0, bytes.length);
	}

	/** One chunk of a chunked body; an empty one ends the body. */
	void writeChunk(byte[] bytes, int offset, int length) throws IOException {
		this.out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
		this.out.write(bytes, offset, length);
		this.out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
		this.out.flush();
	}

	/** Whether answer bytes have arrived (without blocking). */
	boolean answerArrived() throws IOException {
		return this.in.available() > 0;
	}

	/**
	 * Reads one answer: status line, headers, then a body by Content-Length, chunked, or
	 * up to the end.
	 */
	Response readResponse() throws IOException {
		String statusLine = readLine();
		if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
			throw new IOException("not an HTTP/1.1 status line: " + statusLine);
		}
		int status = Integer.parseInt(statusLine.substring(9, 12));
		Map<String, String> headers = new LinkedHashMap<>();
		for (String line = readLine(); !line.isEmpty(); line = readLine()) {
			int colon = line.indexOf(':');
			if (colon > 0) {
				headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
			}
		}
		byte[] body;
		if (headers.containsKey("content-length")) {
			body = this.in.readNBytes(Integer.parseInt(headers.get("content-length")));
		}
		else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			ByteArrayOutputStream chunks = new ByteArrayOutputStream();
			for (int size = chunkSize(); size > 0; size = chunkSize()) {
				chunks.write(this.in.readNBytes(size));
				readLine();
			}
			body = chunks.toByteArray();
		}
		else {
			body = this.in.readAllBytes();
		}
		return new Response(status, headers, body);
	}

	private int chunkSize() throws IOException {
		String line = readLine();
		int semicolon = line.indexOf(';');
		return Integer.parseInt((semicolon >= 0) ? line.substring(0, semicolon) : line, 16);
	}

	private String readLine() throws IOException {
		StringBuilder line = new StringBuilder();
		while (true) {
			int b = this.in.read();
			if (b < 0) {
				throw new EOFException("connection closed after \"" + line + "\"");
			}
			if (b == '\n') {
				int end = line.length();
				return (end > 0 && line.charAt(end - 1) == '\r') ? line.substring(0, end - 1) : line.toString();
			}
			if (line.length() > 8192) {
				throw new IOException("header line too long");
			}
			line.append((char) b);
		}
	}

	/** Hangs up with a reset (RST) instead of an orderly close (FIN). */
	void abort() throws IOException {
		this.socket.setSoLinger(true, 0);
		close();
	}

	@Override
	public void close() throws IOException {
		this.watchdog.cancel(false);
		this.socket.close();
	}

}
