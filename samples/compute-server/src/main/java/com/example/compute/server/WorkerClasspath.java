package com.example.compute.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The class path of a worker process: the jars (or class directories) of the worker,
 * compute-api, cloudpickle-core and ASM, and nothing else of the server. In a Spring Boot
 * jar these are nested jars ({@code jar:nested:/app.jar/!BOOT-INF/lib/x.jar!/}), which a
 * plain {@code java -cp} cannot read: they are copied to a directory first.
 */
final class WorkerClasspath {

	/** One class of each artifact the worker needs. */
	private static final List<String> ANCHORS = List.of("com.example.compute.worker.WorkerMain",
			"com.example.compute.api.ComputeApi", "io.cloudpickle.Pickler", "org.objectweb.asm.ClassReader",
			"org.objectweb.asm.tree.ClassNode", "org.objectweb.asm.commons.ClassRemapper");

	private WorkerClasspath() {
	}

	static String resolve(Path directory) throws IOException {
		Set<Path> entries = new LinkedHashSet<>();
		for (String anchor : ANCHORS) {
			Class<?> type;
			try {
				type = Class.forName(anchor, false, WorkerClasspath.class.getClassLoader());
			}
			catch (ClassNotFoundException ex) {
				continue;
			}
			CodeSource source = type.getProtectionDomain().getCodeSource();
			if (source == null || source.getLocation() == null) {
				throw new IOException("cannot tell where " + anchor + " comes from");
			}
			entries.add(toPath(source.getLocation(), directory));
		}
		List<String> paths = new ArrayList<>();
		entries.forEach((path) -> paths.add(path.toString()));
		return String.join(java.io.File.pathSeparator, paths);
	}

	private static Path toPath(URL location, Path directory) throws IOException {
		String text = location.toString();
		if (text.startsWith("file:")) {
			try {
				return Path.of(location.toURI());
			}
			catch (URISyntaxException ex) {
				throw new IOException("bad class path location " + text, ex);
			}
		}
		// jar:nested:/path/app.jar/!BOOT-INF/lib/x.jar!/ (or without the jar: prefix)
		String nested = text.replaceFirst("^jar:", "").replaceFirst("^nested:", "");
		int split = nested.indexOf("/!");
		if (split < 0) {
			throw new IOException("cannot copy a worker class path entry from " + text);
		}
		String outer = java.net.URLDecoder.decode(nested.substring(0, split), java.nio.charset.StandardCharsets.UTF_8);
		String entryName = nested.substring(split + 2).replaceFirst("!/?$", "");
		Path target = directory.resolve(entryName.substring(entryName.lastIndexOf('/') + 1));
		try (ZipFile jar = new ZipFile(outer)) {
			ZipEntry entry = jar.getEntry(entryName);
			if (entry == null) {
				throw new IOException(entryName + " is not in " + outer);
			}
			try (InputStream in = jar.getInputStream(entry)) {
				Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		return target;
	}

}
