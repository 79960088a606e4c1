/**
 * Micrometer observation of PickleService: documentation, context, conventions.
 */
@NullMarked
package io.cloudpickle.spring.observation;

import org.jspecify.annotations.NullMarked;
