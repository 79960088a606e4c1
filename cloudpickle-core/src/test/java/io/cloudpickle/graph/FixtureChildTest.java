package io.cloudpickle.graph;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.example.fixtures.Task;

import io.cloudpickle.Pickler;
import io.cloudpickle.testing.RemoteJvm;

/**
 * One child JVM per test class, whose class path lacks every {@code com.example.fixtures} class, and a pickler that
 * ships that package by value to it.
 */
abstract class FixtureChildTest {

	static RemoteJvm child;

	static Pickler pickler;

	@BeforeAll
	static void startChild() {
		pickler = Pickler.builder().byValuePackages("com.example.fixtures").build();
		child = RemoteJvm.start();
	}

	@AfterAll
	static void stopChild() {
		if (child != null) {
			child.close();
			child = null;
		}
	}

	static Object runInChild(Task<?> task) {
		return child.call(pickler.dumps(task));
	}

}
