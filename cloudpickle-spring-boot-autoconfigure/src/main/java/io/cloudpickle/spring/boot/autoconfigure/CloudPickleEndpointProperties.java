package io.cloudpickle.spring.boot.autoconfigure;

import java.util.HashSet;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code management.endpoint.cloudpickle.*}: when the {@code cloudpickle} endpoint shows
 * key ids, packages and the names of received classes, as Boot's {@code env} and
 * {@code configprops} endpoints do for their values.
 */
@ConfigurationProperties("management.endpoint.cloudpickle")
public class CloudPickleEndpointProperties {

	/**
	 * When to show key ids, by-value packages and the names and hashes of received
	 * classes: never, when-authorized or always.
	 */
	private Show showValues = Show.NEVER;

	/**
	 * Roles that see the values with show-values=when-authorized; none means any
	 * authenticated user.
	 */
	private Set<String> roles = new HashSet<>();

	public Show getShowValues() {
		return this.showValues;
	}

	public void setShowValues(Show showValues) {
		this.showValues = showValues;
	}

	public Set<String> getRoles() {
		return this.roles;
	}

	public void setRoles(Set<String> roles) {
		this.roles = roles;
	}

}
