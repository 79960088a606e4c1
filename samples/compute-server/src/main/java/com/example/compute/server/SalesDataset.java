package com.example.compute.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

	private final Resource resource;

	private Path file;

	public SalesDataset(ComputeProperties properties, ResourceLoader resourceLoader) {
		long start = System.nanoTime();
		this.resource = resourceLoader.getResource(properties.dataset());
		this.source = properties.dataset();
		try (InputStream in = this.resource.getInputStream()) {
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
	 * The dataset as a file a worker process can read: the resource itself if it is one,
	 * else a copy in {@code directory}.
	 */
	synchronized Path file(Path directory) throws IOException {
		if (this.file == null) {
			if (this.resource.isFile()) {
				this.file = this.resource.getFile().toPath();
			}
			else {
				Path copy = directory.resolve("sales.csv.gz");
				try (InputStream in = this.resource.getInputStream()) {
					Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
				}
				this.file = copy;
			}
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
