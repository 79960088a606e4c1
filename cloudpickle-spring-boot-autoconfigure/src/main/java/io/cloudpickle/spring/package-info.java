/**
 * cloudpickle for Spring: PickleService and media types.
 */
@NullMarked
package io.cloudpickle.spring;

import org.jspecify.annotations.NullMarked;
