package com.acme.analytics.identity;

/** A by-value record whose Class identity is checked across payloads. */
public record Token(String id) {
}
