package io.cloudpickle.internal.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version in the agent jar's name, as the build wrote it. */
final class AgentJar {

	static final String VERSION = read();

	private AgentJar() {
	}

	private static String read() {
		try (InputStream in = AgentJar.class.getResourceAsStream("agent.properties")) {
			Properties properties = new Properties();
			if (in != null) {
				properties.load(in);
			}
			return properties.getProperty("version", "<version>");
		}
		catch (IOException ex) {
			return "<version>";
		}
	}

}
