package com.example.analytics;

/**
 * The sales regions, with a label. A group-by key: travels by value, so does its body.
 */
public enum Region {

	EMEA("Europe, Middle East & Africa"), AMER("Americas"), APAC("Asia-Pacific");

	private final String label;

	Region(String label) {
		this.label = label;
	}

	public String label() {
		return this.label;
	}

	/**
	 * The region of a dataset value; throws IllegalArgumentException for an unknown one.
	 */
	public static Region of(String code) {
		return Region.valueOf(code);
	}

}
