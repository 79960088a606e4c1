package io.cloudpickle.agent;

import java.lang.instrument.Instrumentation;

/**
 * The cloudpickle agent: makes plain (non-Serializable) lambdas and method references
 * picklable by rewriting, as classes load, each {@code LambdaMetafactory.metafactory}
 * call site into {@code altMetafactory} with {@code FLAG_SERIALIZABLE}.
 * <p>
 * Start it with {@code -javaagent:cloudpickle-agent-<version>.jar} (optionally
 * {@code =com.acme,org.example} to rewrite only those packages). Attached later
 * ({@code Agent-Class}) or named as an executable jar's {@code Launcher-Agent-Class}, it
 * rewrites the classes loaded from then on. Only the sender needs it: the engine applies
 * the same rewrite to classes it receives by value.
 */
public final class CloudPickleAgent {

	/**
	 * Set to the rewritten packages ({@code *} for all) once the agent runs, so that the
	 * engine can tell a user why a lambda was not rewritten.
	 */
	public static final String ACTIVE_PROPERTY = "cloudpickle.agent.packages";

	private CloudPickleAgent() {
	}

	/** Entry point for {@code -javaagent:}. */
	public static void premain(String argument, Instrumentation instrumentation) {
		install(argument, instrumentation);
	}

	/**
	 * Entry point for attaching to a running JVM and for {@code Launcher-Agent-Class}.
	 */
	public static void agentmain(String argument, Instrumentation instrumentation) {
		install(argument, instrumentation);
	}

	private static synchronized void install(String argument, Instrumentation instrumentation) {
		if (System.getProperty(ACTIVE_PROPERTY) != null) {
			return;
		}
		RewriteScope scope = new RewriteScope(ClassLoader.getSystemClassLoader(), RewriteScope.parsePackages(argument));
		instrumentation.addTransformer(new LambdaTransformer(scope), false);
		System.setProperty(ACTIVE_PROPERTY, scope.describe());
	}

}
