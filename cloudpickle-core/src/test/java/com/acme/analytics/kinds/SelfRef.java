package com.acme.analytics.kinds;

/**
 * A class whose static field holds an instance of itself; instances refer to themselves.
 */
public final class SelfRef {

	public static final SelfRef DEFAULT = new SelfRef("default");

	final String name;

	SelfRef self;

	SelfRef peer;

	public SelfRef(String name) {
		this.name = name;
		this.self = this;
	}

	public SelfRef pairWith(SelfRef other) {
		this.peer = other;
		other.peer = this;
		return this;
	}

}
