package com.example.analytics;

import java.util.Locale;

/**
 * Count, mean, standard deviation, min and max of a stream of values, mergeable: the
 * aggregate of a group-by ({@code value = Summary::of, merge = Summary::merge}).
 */
public record Summary(long n, double sum, double sumOfSquares, double min, double max) {

	public static Summary of(double value) {
		return new Summary(1, value, value * value, value, value);
	}

	public Summary merge(Summary other) {
		return new Summary(this.n + other.n, this.sum + other.sum, this.sumOfSquares + other.sumOfSquares,
				Math.min(this.min, other.min), Math.max(this.max, other.max));
	}

	public double mean() {
		return this.sum / this.n;
	}

	public double stddev() {
		double mean = mean();
		return Math.sqrt(Math.max(0, this.sumOfSquares / this.n - mean * mean));
	}

	@Override
	public String toString() {
		return String.format(Locale.US, "%,8d orders, mean %s, sd %s, max %s", this.n, Money.eur(mean()),
				Money.eur(stddev()), Money.eur(this.max));
	}

}
