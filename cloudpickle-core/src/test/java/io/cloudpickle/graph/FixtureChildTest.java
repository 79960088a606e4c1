package io.cloudpickle.graph;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.example.fixtures.Task;

import io.cloudpickle.Pickler;
import io.cloudpickle.testing.PerClassRemoteJvm;

/**
 * One child JVM per test class, whose class path lacks every {@code com.example.fixtures} class, and a pickler that
 * ships that package by value to it.
 */
abstract class FixtureChildTest {

	@RegisterExtension
	static final PerClassRemoteJvm child = new PerClassRemoteJvm();

	static Pickler pickler;

	@BeforeAll
	static void startChild() {
		pickler = Pickler.builder().byValuePackages("com.example.fixtures").build();
	}

	static Object runInChild(Task<?> task) {
		return child.call(pickler.dumps(task));
	}

}
