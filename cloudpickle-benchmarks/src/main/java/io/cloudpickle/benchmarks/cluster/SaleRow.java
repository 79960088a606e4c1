package io.cloudpickle.benchmarks.cluster;

/**
 * One sale of the compute server's data set, as the members store it (Compact
 * serialization).
 */
public record SaleRow(long id, int year, String region, String category, int quantity, double unitPrice,
		double discount) {

	public double revenue() {
		return this.quantity * this.unitPrice * (1 - this.discount);
	}

}
