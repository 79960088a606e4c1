package com.example.compute.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.example.compute.api.Sale;
import com.example.compute.worker.SalesData;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/**
 * The sales dataset, loaded once at start-up (before the server reports ready) and
 * read-only afterwards. Tasks in threads run over these rows; worker processes read the
 * same file themselves ({@link #file()}).
 */
@Component
public class SalesDataset {

	private static final Log logger = LogFactory.getLog(SalesDataset.class);

	static final List<String> COLUMNS = List.of("id", "date", "region", "country", "store", "channel", "product",
			"category", "quantity", "unitPrice", "discount");

	private final SalesData data;

	private final String source;

	private final long loadMillis;

	private Path file;

	public SalesDataset(ComputeProperties properties, ResourceLoader resourceLoader) {
		long start = System.nanoTime();
		Resource resource = resourceLoader.getResource(properties.dataset());
		this.source = properties.dataset();
		try (InputStream in = resource.getInputStream()) {
			this.data = SalesData.read(in, this.source);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the dataset " + this.source, ex);
		}
		this.loadMillis = (System.nanoTime() - start) / 1_000_000;
		List<Sale> rows = this.data.rows();
		logger.info(String.format("Loaded %,d sales (%s to %s) from %s in %d ms", rows.size(), rows.get(0).date(),
				rows.get(rows.size() - 1).date(), this.source, this.loadMillis));
	}

	public SalesData data() {
		return this.data;
	}

	/**
	 * The dataset as a file a worker process reads at start: a binary snapshot in
	 * {@code directory}, written once, which loads many times faster than the CSV.
	 */
	synchronized Path file(Path directory) throws IOException {
		if (this.file == null) {
			Path snapshot = directory.resolve("sales.snapshot");
			try (OutputStream out = Files.newOutputStream(snapshot)) {
				this.data.writeSnapshot(out);
			}
			this.file = snapshot;
		}
		return this.file;
	}

	public Info info() {
		List<Sale> rows = this.data.rows();
		return new Info(this.source, rows.size(), rows.get(0).date().toString(),
				rows.get(rows.size() - 1).date().toString(), COLUMNS, this.loadMillis);
	}

	/**
	 * What {@code GET /compute/dataset} answers.
	 *
	 * @param source where it was loaded from
	 * @param rows number of rows
	 * @param from first order date
	 * @param to last order date
	 * @param columns the columns, as {@code Sale} record components
	 * @param loadMillis how long loading took
	 */
	public record Info(String source, int rows, String from, String to, List<String> columns, long loadMillis) {
	}

}
