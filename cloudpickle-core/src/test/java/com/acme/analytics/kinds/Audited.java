package com.acme.analytics.kinds;

/** Carries {@link Audit} on the type, a field, a method and a parameter. */
@Audit(owner = "ml", level = 3, op = Op.TIMES)
public class Audited {

	@Audit(owner = "field")
	int threshold = 10;

	@Audit(owner = "method", level = 2)
	public boolean check(@Audit(owner = "param") int threshold) {
		return threshold >= this.threshold;
	}

}
