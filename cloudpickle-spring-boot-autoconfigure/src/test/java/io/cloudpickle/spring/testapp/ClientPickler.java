package io.cloudpickle.spring.testapp;

import io.cloudpickle.ClassSpace;
import io.cloudpickle.Pickler;
import io.cloudpickle.spring.PickleService;

/** The test's client side: ships the fixture package by value. */
final class ClientPickler {

	static final PickleService CLIENT = new PickleService(Pickler.builder()
		.byValuePackages("com.example.fixtures")
		.useGlobalRegistry(false)
		.classSpace(new ClassSpace(8, 100, 50))
		.build());

	private ClientPickler() {
	}

}
