/**
 * Micrometer meters: class space gauges and payload sizes.
 */
@NullMarked
package io.cloudpickle.spring.metrics;

import org.jspecify.annotations.NullMarked;
