/**
 * Spring Boot auto-configurations of cloudpickle.
 */
@NullMarked
package io.cloudpickle.spring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
