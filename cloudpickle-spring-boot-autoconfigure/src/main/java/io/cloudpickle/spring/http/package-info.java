/**
 * application/x-cloudpickle HTTP message converter for Spring MVC, RestClient and
 * RestTemplate.
 */
@NullMarked
package io.cloudpickle.spring.http;

import org.jspecify.annotations.NullMarked;
