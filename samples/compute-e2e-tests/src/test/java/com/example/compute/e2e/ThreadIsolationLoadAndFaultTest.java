package com.example.compute.e2e;

/**
 * {@link ComputeServerLoadAndFaultTest} with {@code compute.isolation=thread}: the
 * hostile tasks a thread pool can survive (sleeping while loading, spinning through
 * interrupts); the others would take the server's own JVM with them.
 */
class ThreadIsolationLoadAndFaultTest extends ComputeServerLoadAndFaultTest {

	static final String ISOLATION = "thread";

}
