package com.example.compute.worker;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.cloudpickle.PickleLimits;
import io.cloudpickle.security.BytecodeLevel;

/**
 * What a worker process is told on its command line, as {@code --name=value} arguments:
 * its name, the dataset file, the result row cap, and the class gates and limits the
 * server applies (never a key or a secret).
 *
 * @param name the worker's name, for results and logs
 * @param dataset path of the dataset snapshot ({@link SalesData#writeSnapshot})
 * @param maxResultRows most rows a map request returns
 * @param allowedPackages packages whose classes may arrive by value
 * @param bytecodeLevel the bytecode check for them
 * @param limits the limits applied while loading
 */
public record WorkerSettings(String name, String dataset, int maxResultRows, String[] allowedPackages,
		BytecodeLevel bytecodeLevel, PickleLimits limits) {

	static WorkerSettings parse(List<String> args) {
		Map<String, String> values = new HashMap<>();
		for (String arg : args) {
			int eq = arg.indexOf('=');
			if (!arg.startsWith("--") || eq < 0) {
				throw new IllegalArgumentException("expected --name=value, got " + arg);
			}
			values.put(arg.substring(2, eq), arg.substring(eq + 1));
		}
		String[] limits = required(values, "limits").split(",");
		String packages = values.getOrDefault("allowed-packages", "");
		return new WorkerSettings(required(values, "name"), required(values, "dataset"),
				Integer.parseInt(required(values, "max-result-rows")),
				packages.isEmpty() ? new String[0] : packages.split(","),
				BytecodeLevel.valueOf(required(values, "bytecode-level")),
				new PickleLimits(Long.parseLong(limits[0]), Integer.parseInt(limits[1]), Integer.parseInt(limits[2]),
						Integer.parseInt(limits[3]), Integer.parseInt(limits[4]), Integer.parseInt(limits[5]),
						Long.parseLong(limits[6]), Long.parseLong(limits[7])));
	}

	private static String required(Map<String, String> values, String name) {
		String value = values.get(name);
		if (value == null) {
			throw new IllegalArgumentException("missing --" + name + "=...");
		}
		return value;
	}

	/** The arguments that {@link #parse} reads. */
	public static List<String> arguments(String name, String dataset, int maxResultRows,
			Collection<String> allowedPackages, BytecodeLevel level, PickleLimits l) {
		return List.of("--name=" + name, "--dataset=" + dataset, "--max-result-rows=" + maxResultRows,
				"--allowed-packages=" + String.join(",", allowedPackages), "--bytecode-level=" + level.name(),
				"--limits=" + l.maxPayloadBytes() + "," + l.maxDepth() + "," + l.maxObjects() + "," + l.maxArrayLength()
						+ "," + l.maxStringLength() + "," + l.maxClasses() + "," + l.maxClassBytes() + ","
						+ l.maxHashWork());
	}

}
