package io.cloudpickle.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;

import com.example.fixtures.robust.RobustTasks;
import io.cloudpickle.Pickler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The suite runs twice, forked on the JDK Maven runs on and on JDK 25 (bin/test): each
 * fork checks that it is the JDK its execution names (cloudpickle-core's pom), and that
 * the child JVMs of the cross-JVM tests run that JDK too, so a misconfigured build cannot
 * run the "JDK 25" suite on 17.
 */
class ForkedJvmTest {

	@Test
	void thisForkAndItsChildJvmsRunTheJdkTheBuildClaims() throws IOException {
		String expectedJava = System.getProperty("cloudpickle.test.expectedJava");
		assumeTrue(expectedJava != null, "not forked by the build");
		Path running = Paths.get(System.getProperty("java.home"), "bin", "java").toRealPath();
		assertThat(running).as("java executable of this fork").isEqualTo(Paths.get(expectedJava).toRealPath());
		int feature = Integer.parseInt(System.getProperty("cloudpickle.test.expectedJavaFeature"));
		assertThat(Runtime.version().feature()).as("Java version of this fork").isEqualTo(feature);
		Pickler pickler = Pickler.builder().byValuePackages("com.example.fixtures").build();
		try (RemoteJvm child = RemoteJvm.start()) {
			assertThat(child.call(pickler.dumps(RobustTasks.javaFeatureVersion()))).as("Java version of a child JVM")
				.isEqualTo(feature);
		}
	}

}
