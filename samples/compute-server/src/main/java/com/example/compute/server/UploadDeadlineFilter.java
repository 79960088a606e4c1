package com.example.compute.server;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A deadline for a whole request body ({@code compute.upload-timeout}), which Tomcat does
 * not have: its timeouts count per read ({@code server.tomcat.connection-timeout}), so a
 * client sending a byte every few seconds could hold a request thread for as long as it
 * likes. Each read still waits at most Tomcat's timeout; once the deadline has passed,
 * the next read fails, and the request ends with 400 instead of waiting for the rest.
 */
@Component
class UploadDeadlineFilter extends OncePerRequestFilter {

	private final long timeoutNanos;

	UploadDeadlineFilter(ComputeProperties properties) {
		this.timeoutNanos = properties.uploadTimeout().toNanos();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long deadline = System.nanoTime() + this.timeoutNanos;
		chain.doFilter(new HttpServletRequestWrapper(request) {

			private ServletInputStream stream;

			@Override
			public ServletInputStream getInputStream() throws IOException {
				if (this.stream == null) {
					this.stream = new DeadlineStream(super.getInputStream(), deadline,
							UploadDeadlineFilter.this.timeoutNanos);
				}
				return this.stream;
			}

		}, response);
	}

	/** A body stream that refuses to read past the deadline. */
	private static final class DeadlineStream extends ServletInputStream {

		private final ServletInputStream in;

		private final long deadline;

		private final long timeoutNanos;

		DeadlineStream(ServletInputStream in, long deadline, long timeoutNanos) {
			this.in = in;
			this.deadline = deadline;
			this.timeoutNanos = timeoutNanos;
		}

		private void check() throws IOException {
			if (System.nanoTime() - this.deadline > 0) {
				throw new UploadTimeoutException("the request body did not arrive within "
						+ Duration.ofNanos(this.timeoutNanos).toMillis() + " ms (compute.upload-timeout)");
			}
		}

		@Override
		public int read() throws IOException {
			check();
			return this.in.read();
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			check();
			return this.in.read(b, off, len);
		}

		@Override
		public boolean isFinished() {
			return this.in.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.in.setReadListener(listener);
		}

	}

	/** The body did not arrive in time. */
	static final class UploadTimeoutException extends IOException {

		private static final long serialVersionUID = 1L;

		UploadTimeoutException(String message) {
			super(message);
		}

	}

}
