package io.cloudpickle.spring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Adds cloudpickle's auto-configuration (the services, converters, codecs and request
 * signing) to a test slice that would not include it, e.g.
 * {@code @DataJpaTest @AutoConfigureCloudPickle}. {@code @WebMvcTest},
 * {@code @WebFluxTest}, {@code @RestClientTest} and tests with
 * {@code @AutoConfigureWebClient} include it already.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureCloudPickle {

}
