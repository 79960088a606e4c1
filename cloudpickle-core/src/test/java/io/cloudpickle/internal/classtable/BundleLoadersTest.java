package io.cloudpickle.internal.classtable;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cloudpickle.internal.scan.ClassFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which loader a bundle goes into decides class identity: the same bytes must keep coming
 * back as the same class, however the cache was used in between.
 */
class BundleLoadersTest {

	private static final ClassLoader PARENT = BundleLoadersTest.class.getClassLoader();

	private final BundleLoaders loaders = new BundleLoaders(16, 1_000, 1_000, 1 << 20);

	@Test
	void sameBytesGoIntoTheSameLoaderOnceAChangedSiblingForcedASecondOne() {
		ShippedClass token = shipped("com.acme.Token", "token");
		ShippedClassLoader first = this.loaders.install(List.of(token, shipped("com.acme.Versioned", "v1")), PARENT);
		ShippedClassLoader second = this.loaders.install(List.of(token, shipped("com.acme.Versioned", "v2")), PARENT);
		assertThat(second).as("changed bytes under a known name get a loader of their own").isNotSameAs(first);
		for (int i = 0; i < 4; i++) {
			assertThat(this.loaders.install(List.of(token), PARENT)).as("install %d of the unchanged class", i)
				.isSameAs(first);
		}
		assertThat(this.loaders.install(List.of(token, shipped("com.acme.Versioned", "v2")), PARENT))
			.as("the changed sibling keeps its own loader")
			.isSameAs(second);
		assertThat(this.loaders.install(List.of(token), PARENT)).isSameAs(first);
	}

	@Test
	void aBundleThatDiffersFromEveryLoaderGetsANewOne() {
		ShippedClassLoader first = this.loaders.install(List.of(shipped("com.acme.A", "a1")), PARENT);
		assertThat(this.loaders.install(List.of(shipped("com.acme.A", "a1")), PARENT)).isSameAs(first);
		assertThat(this.loaders.install(List.of(shipped("com.acme.A", "a2")), PARENT)).isNotSameAs(first);
	}

	private static ShippedClass shipped(String name, String content) {
		byte[] bytes = (name + ":" + content).getBytes(StandardCharsets.UTF_8);
		return new ShippedClass(name, ClassFile.sha256(bytes), bytes);
	}

}
