package com.example.compute.e2e;

/**
 * {@link ComputeServerLoadAndFaultTest} against the sample's default,
 * {@code compute.isolation=process}: every hostile task, including those that exit the
 * JVM, exhaust its heap, pin their class loader or leave threads behind.
 */
class ProcessIsolationLoadAndFaultTest extends ComputeServerLoadAndFaultTest {

	static final String ISOLATION = "process";

}
