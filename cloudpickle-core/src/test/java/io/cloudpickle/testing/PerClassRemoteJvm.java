package io.cloudpickle.testing;

import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link RemoteJvm} per test class: started before the class's {@code @BeforeAll}
 * methods, closed after its {@code @AfterAll} methods. Declare it as
 * <pre>{@code @RegisterExtension
 * static final PerClassRemoteJvm child = new PerClassRemoteJvm();}</pre> and use it like
 * the {@link RemoteJvm} it stands for.
 */
public final class PerClassRemoteJvm implements BeforeAllCallback, AfterAllCallback {

	private final List<String> jvmArgs;

	private RemoteJvm jvm;

	public PerClassRemoteJvm() {
		this(List.of());
	}

	/** A child JVM started with extra JVM options (e.g. {@code -Dk=v}). */
	public PerClassRemoteJvm(List<String> jvmArgs) {
		this.jvmArgs = List.copyOf(jvmArgs);
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		this.jvm = RemoteJvm.start(this.jvmArgs);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.jvm != null) {
			this.jvm.close();
			this.jvm = null;
		}
	}

	/** The child JVM of the running test class. */
	public RemoteJvm jvm() {
		return Objects.requireNonNull(this.jvm, "no child JVM outside the test class's lifecycle");
	}

	/** @see RemoteJvm#call(byte[]) */
	public Object call(byte[] payload) {
		return jvm().call(payload);
	}

	/** @see RemoteJvm#callRaw(byte[]) */
	public byte[] callRaw(byte[] payload) {
		return jvm().callRaw(payload);
	}

	/** @see RemoteJvm#echo(byte[]) */
	public byte[] echo(byte[] payload) {
		return jvm().echo(payload);
	}

	/** @see RemoteJvm#loadAndDescribe(byte[]) */
	public String loadAndDescribe(byte[] payload) {
		return jvm().loadAndDescribe(payload);
	}

	/** @see RemoteJvm#hasClass(String) */
	public boolean hasClass(String className) {
		return jvm().hasClass(className);
	}

	/** @see RemoteJvm#stderr() */
	public String stderr() {
		return jvm().stderr();
	}

}
