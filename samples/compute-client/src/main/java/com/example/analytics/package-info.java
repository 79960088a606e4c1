/**
 * The client's analyses: records, enums, helpers and the lambdas that use them. None of
 * this is on the compute server's class path; the package is listed in
 * {@code cloudpickle.by-value-packages}, so the classes travel by value inside the
 * payloads and the server defines them from there.
 */
package com.example.analytics;
