/**
 * application/x-cloudpickle encoder and decoder for WebFlux and WebClient.
 */
@NullMarked
package io.cloudpickle.spring.codec;

import org.jspecify.annotations.NullMarked;
