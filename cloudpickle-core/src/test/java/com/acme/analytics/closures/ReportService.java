package com.acme.analytics.closures;

import java.util.Comparator;
import java.util.concurrent.Callable;

/**
 * A large service that cannot travel (it owns a thread), whose methods hand out anonymous
 * and inner classes.
 */
public class ReportService {

	private final Thread worker = new Thread(() -> {
	}, "report-worker");

	private final long[] cache = new long[100_000];

	private final int base;

	public ReportService(int base) {
		this.base = base;
	}

	/** Never reads the service: its enclosing instance is dropped. */
	public Comparator<String> byLength() {
		return new Comparator<String>() {
			@Override
			public int compare(String a, String b) {
				return Integer.compare(a.length(), b.length());
			}
		};
	}

	/** Reads the service's {@code base}: its enclosing instance is needed. */
	public Callable<Integer> baseTimes(int k) {
		return new Callable<Integer>() {
			@Override
			public Integer call() {
				return ReportService.this.base * k;
			}
		};
	}

	/** An inner (member) class that never reads the service. */
	public Label label(String text) {
		return new Label(text);
	}

	/** An inner class. */
	public class Label implements Callable<String> {

		private final String text;

		Label(String text) {
			this.text = text;
		}

		@Override
		public String call() {
			return "[" + this.text + "]";
		}

	}

	public long cacheSize() {
		return this.cache.length + (this.worker.isAlive() ? 1 : 0);
	}

}
