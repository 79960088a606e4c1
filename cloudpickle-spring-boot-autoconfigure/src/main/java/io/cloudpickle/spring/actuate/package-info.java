/**
 * The cloudpickle Actuator endpoint.
 */
@NullMarked
package io.cloudpickle.spring.actuate;

import org.jspecify.annotations.NullMarked;
