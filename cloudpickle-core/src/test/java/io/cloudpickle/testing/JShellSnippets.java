package io.cloudpickle.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;

import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;

/**
 * Drives a real {@code jdk.jshell} session in tests: snippets evaluated as the prompt
 * would, failing the test on a rejected snippet or one that throws, and the class path
 * set up from the lists the build writes.
 */
public final class JShellSnippets {

	private JShellSnippets() {
	}

	/**
	 * Evaluates one snippet and returns its value as the prompt prints it ({@code null}
	 * for declarations).
	 * @throws AssertionError if JShell rejects the snippet or it throws
	 */
	public static String eval(JShell jshell, String source) {
		List<SnippetEvent> events = jshell.eval(source);
		if (events.isEmpty()) {
			throw new AssertionError("JShell gave no event for: " + source);
		}
		String value = null;
		for (SnippetEvent event : events) {
			if (event.exception() != null) {
				throw new AssertionError("JShell snippet threw: " + source + "\n" + describe(event.exception()),
						event.exception());
			}
			if (event.causeSnippet() == null) {
				if (event.status() == Snippet.Status.REJECTED) {
					throw new AssertionError("JShell rejected: " + source + "\n"
							+ jshell.diagnostics(event.snippet())
								.map((d) -> d.getMessage(null))
								.collect(Collectors.joining("\n")));
				}
				value = event.value();
			}
		}
		return value;
	}

	/**
	 * Adds cloudpickle-core's classes and its runtime dependencies to the session's class
	 * path (the directories and the list file the build names in the system properties
	 * {@code cloudpickle.test.mainClasses} and
	 * {@code cloudpickle.test.runtimeClasspathFile}).
	 */
	public static void addEngineToClassPath(JShell jshell) {
		jshell.addToClasspath(System.getProperty("cloudpickle.test.mainClasses"));
		addToClassPath(jshell, Paths.get(System.getProperty("cloudpickle.test.runtimeClasspathFile")));
	}

	/** Adds every entry of a class path list file (as Maven's build-classpath writes). */
	public static void addToClassPath(JShell jshell, Path classPathFile) {
		for (String entry : classPathEntries(classPathFile)) {
			jshell.addToClasspath(entry);
		}
	}

	private static List<String> classPathEntries(Path classPathFile) {
		try {
			String text = Files.readString(classPathFile, StandardCharsets.UTF_8).trim();
			return List.of(text.split(File.pathSeparator))
				.stream()
				.map(String::trim)
				.filter((entry) -> !entry.isEmpty())
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String describe(Throwable t) {
		StringBuilder b = new StringBuilder(t.toString());
		if (t instanceof EvalException eval) {
			b.append(" [").append(eval.getExceptionClassName()).append(']');
		}
		for (StackTraceElement e : t.getStackTrace()) {
			b.append("\n  at ").append(e);
		}
		if (t.getCause() != null) {
			b.append("\nCaused by: ").append(describe(t.getCause()));
		}
		return b.toString();
	}

}
