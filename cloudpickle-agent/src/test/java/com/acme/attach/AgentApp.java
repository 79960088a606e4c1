package com.acme.attach;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Function;

import io.cloudpickle.PickleException;
import io.cloudpickle.Pickler;

/**
 * An application for the agent's tests, run in its own JVM: it answers one line per
 * command, from its arguments or, without arguments, from standard input until
 * {@code quit}. {@code early} loads {@link EarlyJobs}; {@code dump-early} and
 * {@code dump-late} pickle a plain lambda of {@link EarlyJobs} or {@link LateJobs}
 * (classes by value) and answer {@code PAYLOAD <base64>}, or {@code REFUSED <message>};
 * {@code agent} answers the agent's packages ({@code none} when it is not running).
 */
public final class AgentApp {

	private static final Pickler PICKLER = Pickler.builder().byValuePackages("com.acme.attach").build();

	private AgentApp() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0) {
			for (String command : args) {
				System.out.println(answer(command));
			}
			return;
		}
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		for (String command = in.readLine(); command != null && !command.equals("quit"); command = in.readLine()) {
			System.out.println(answer(command));
			System.out.flush();
		}
	}

	private static String answer(String command) {
		return switch (command) {
			case "early" -> "loaded " + EarlyJobs.class.getName();
			case "dump-early" -> dump(EarlyJobs.times(3));
			case "dump-late" -> dump(LateJobs.plus(5));
			case "agent" -> System.getProperty("cloudpickle.agent.packages", "none");
			default -> "unknown command " + command;
		};
	}

	private static String dump(Function<Integer, Integer> f) {
		String kind = (f instanceof Serializable) ? "serializable" : "plain";
		try {
			return "PAYLOAD " + kind + " " + Base64.getEncoder().encodeToString(PICKLER.dumps(f));
		}
		catch (PickleException ex) {
			return "REFUSED " + kind + " " + ex.getMessage().replace('\n', ' ');
		}
	}

}
