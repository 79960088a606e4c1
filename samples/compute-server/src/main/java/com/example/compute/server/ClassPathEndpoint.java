package com.example.compute.server;

import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.stereotype.Component;

/**
 * {@code GET /actuator/classpath/{name}} on the management port: whether this server's
 * own class path has a class (without initializing it), so an operator can check that the
 * callers' classes really are not here and must have arrived by value. Management only:
 * it tells an outsider which libraries the server has.
 */
@Component
@Endpoint(id = "classpath")
class ClassPathEndpoint {

	@ReadOperation
	Map<String, Object> hasClass(@Selector String name) {
		boolean present;
		try {
			Class.forName(name, false, ClassPathEndpoint.class.getClassLoader());
			present = true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			present = false;
		}
		return Map.of("name", name, "onClasspath", present);
	}

}
