package io.cloudpickle.spring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The suite runs on the Java version its surefire execution claims: the build runs it on
 * the JDK running Maven and again, forked, on JDK 25.
 */
class TestJvmTest {

	@Test
	void runsOnTheClaimedJavaVersion() {
		String expected = System.getProperty("cloudpickle.test.expectedJavaFeature");
		assertThat(expected).as("cloudpickle.test.expectedJavaFeature, set by the build").isNotBlank();
		assertThat(Runtime.version().feature()).isEqualTo(Integer.parseInt(expected));
	}

}
