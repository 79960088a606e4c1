package io.cloudpickle.spring.boot.autoconfigure;

import io.cloudpickle.Pickler;

/**
 * Callback that customizes the {@link Pickler.Builder} of every pickler the
 * auto-configuration builds: the application's
 * {@link io.cloudpickle.spring.PickleService} and the receiving and signing picklers of
 * {@link io.cloudpickle.spring.NetworkPickleServices}. Declare beans of this type to add
 * a {@link io.cloudpickle.TypeCodec} or change a setting without replacing the services.
 * Customizers run in {@link org.springframework.core.Ordered order}; the properties
 * ({@code cloudpickle.*}) are applied at order 0, so a customizer with a higher order
 * overrides them.
 *
 * <p>
 * On the receiving pickler, the settings of {@code cloudpickle.security.*} and
 * {@code cloudpickle.limits.*} (verification, class gates, limits) are applied after
 * every customizer, so that no customizer can weaken them by accident; a class filter set
 * by a customizer applies to the trusted picklers only.
 */
@FunctionalInterface
public interface PicklerBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder to customize
	 */
	void customize(Pickler.Builder builder);

}
