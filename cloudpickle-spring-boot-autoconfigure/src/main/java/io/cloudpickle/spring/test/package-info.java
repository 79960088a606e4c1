/**
 * Test support: {@link io.cloudpickle.spring.test.AutoConfigureCloudPickle} for custom
 * test slices, and {@link io.cloudpickle.spring.test.CloudPickleMockMvc} for signed
 * {@code MockMvc} requests.
 */
@NullMarked
package io.cloudpickle.spring.test;

import org.jspecify.annotations.NullMarked;
