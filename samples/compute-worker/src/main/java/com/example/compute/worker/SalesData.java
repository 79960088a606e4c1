package com.example.compute.worker;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.zip.GZIPInputStream;

import com.example.compute.api.GroupByRequest;
import com.example.compute.api.MapRequest;
import com.example.compute.api.ReduceRequest;
import com.example.compute.api.Rows;
import com.example.compute.api.Sale;

/**
 * The sales rows, read-only once read, and the operations tasks run over them. Every loop
 * checks for interruption, so a task that runs past its time limit in a server thread
 * stops when the server cancels it.
 */
public final class SalesData {

	private static final int SNAPSHOT_MAGIC = 0x53414c45;

	private final List<Sale> rows;

	private SalesData(List<Sale> rows) {
		this.rows = Collections.unmodifiableList(rows);
	}

	/**
	 * Reads a gzip-compressed sales CSV: a header line starting {@code date,region,},
	 * then date, region, country, store, channel, product, category, quantity, unit
	 * price, discount; ids count from 1.
	 * @param source where it comes from, for messages
	 */
	public static SalesData read(InputStream gzip, String source) throws IOException {
		Map<String, String> strings = new HashMap<>();
		Map<String, LocalDate> dates = new HashMap<>();
		List<Sale> sales = new ArrayList<>(320_000);
		try (BufferedReader in = new BufferedReader(
				new InputStreamReader(new GZIPInputStream(gzip, 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
			String header = in.readLine();
			if (header == null || !header.startsWith("date,region,")) {
				throw new IOException("not a sales CSV: " + source);
			}
			String line;
			String[] f = new String[10];
			while ((line = in.readLine()) != null) {
				int from = 0;
				for (int i = 0; i < 9; i++) {
					int comma = line.indexOf(',', from);
					f[i] = line.substring(from, comma);
					from = comma + 1;
				}
				f[9] = line.substring(from);
				sales.add(new Sale(sales.size() + 1, dates.computeIfAbsent(f[0], LocalDate::parse),
						canon(strings, f[1]), canon(strings, f[2]), canon(strings, f[3]), canon(strings, f[4]),
						canon(strings, f[5]), canon(strings, f[6]), Integer.parseInt(f[7]), Double.parseDouble(f[8]),
						Double.parseDouble(f[9])));
			}
		}
		if (sales.isEmpty()) {
			throw new IOException("the dataset " + source + " is empty");
		}
		return new SalesData(sales);
	}

	/**
	 * Writes the rows in a compact binary form that {@link #readSnapshot} reads many
	 * times faster than the CSV is parsed (strings once, in a table; dates as epoch
	 * days): what the server hands to every worker process it starts.
	 */
	public void writeSnapshot(OutputStream out) throws IOException {
		DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
		Map<String, Integer> table = new LinkedHashMap<>();
		for (Sale sale : this.rows) {
			for (String value : new String[] { sale.region(), sale.country(), sale.store(), sale.channel(),
					sale.product(), sale.category() }) {
				table.putIfAbsent(value, table.size());
			}
		}
		data.writeInt(SNAPSHOT_MAGIC);
		data.writeInt(table.size());
		for (String value : table.keySet()) {
			data.writeUTF(value);
		}
		data.writeInt(this.rows.size());
		for (Sale sale : this.rows) {
			data.writeLong(sale.id());
			data.writeInt((int) sale.date().toEpochDay());
			data.writeInt(table.get(sale.region()));
			data.writeInt(table.get(sale.country()));
			data.writeInt(table.get(sale.store()));
			data.writeInt(table.get(sale.channel()));
			data.writeInt(table.get(sale.product()));
			data.writeInt(table.get(sale.category()));
			data.writeInt(sale.quantity());
			data.writeDouble(sale.unitPrice());
			data.writeDouble(sale.discount());
		}
		data.flush();
	}

	/** Reads what {@link #writeSnapshot} wrote. */
	public static SalesData readSnapshot(InputStream in) throws IOException {
		DataInputStream data = new DataInputStream(new BufferedInputStream(in, 1 << 16));
		if (data.readInt() != SNAPSHOT_MAGIC) {
			throw new IOException("not a sales snapshot");
		}
		String[] table = new String[data.readInt()];
		for (int i = 0; i < table.length; i++) {
			table[i] = data.readUTF();
		}
		int size = data.readInt();
		List<Sale> sales = new ArrayList<>(size);
		Map<Integer, LocalDate> dates = new HashMap<>();
		for (int i = 0; i < size; i++) {
			long id = data.readLong();
			LocalDate date = dates.computeIfAbsent(data.readInt(), LocalDate::ofEpochDay);
			sales.add(new Sale(id, date, table[data.readInt()], table[data.readInt()], table[data.readInt()],
					table[data.readInt()], table[data.readInt()], table[data.readInt()], data.readInt(),
					data.readDouble(), data.readDouble()));
		}
		return new SalesData(sales);
	}

	private static String canon(Map<String, String> strings, String s) {
		String known = strings.putIfAbsent(s, s);
		return (known != null) ? known : s;
	}

	public List<Sale> rows() {
		return this.rows;
	}

	/**
	 * The first {@code limit} (at most {@code maxRows}) mapped matching rows, and the
	 * number of matches.
	 */
	@SuppressWarnings("unchecked")
	public <R> Rows<R> map(MapRequest<R> request, int maxRows) {
		int limit = Math.max(0, Math.min(request.limit(), maxRows));
		long matched = 0;
		List<R> out = new ArrayList<>(Math.min(limit, 1024));
		for (int i = 0; i < this.rows.size(); i++) {
			checkCancelled(i);
			Sale sale = this.rows.get(i);
			if (request.filter() == null || request.filter().test(sale)) {
				matched++;
				if (out.size() < limit) {
					out.add((request.mapper() != null) ? request.mapper().apply(sale) : (R) sale);
				}
			}
		}
		return new Rows<>(this.rows.size(), matched, out);
	}

	/** The identity reduced with the mapped value of every matching row, in order. */
	public <R> R reduce(ReduceRequest<R> request) {
		R acc = request.identity();
		for (int i = 0; i < this.rows.size(); i++) {
			checkCancelled(i);
			Sale sale = this.rows.get(i);
			if (request.filter() == null || request.filter().test(sale)) {
				acc = request.reducer().apply(acc, request.mapper().apply(sale));
			}
		}
		return acc;
	}

	/** Values merged per key; sorted by key if every key is {@link Comparable}. */
	public <K, V> Map<K, V> groupBy(GroupByRequest<K, V> request) {
		Map<K, V> groups = new LinkedHashMap<>();
		for (int i = 0; i < this.rows.size(); i++) {
			checkCancelled(i);
			Sale sale = this.rows.get(i);
			if (request.filter() == null || request.filter().test(sale)) {
				groups.merge(request.key().apply(sale), request.value().apply(sale), request.merge());
			}
		}
		boolean sortable = groups.keySet().stream().allMatch((k) -> k instanceof Comparable);
		if (sortable) {
			try {
				return new TreeMap<>(groups);
			}
			catch (ClassCastException ex) {
				// keys of different types: keep first-seen order
			}
		}
		return groups;
	}

	/**
	 * Runs each operation over every row a few times, so that a fresh worker process has
	 * its loops compiled before its first task rather than during it.
	 */
	public void warmUp() {
		for (int round = 0; round < 1; round++) {
			map(new MapRequest<>((s) -> s.quantity() > 1, Sale::id, 10), 10);
			reduce(new ReduceRequest<>(null, Sale::revenue, 0.0, Double::sum));
			groupBy(new GroupByRequest<>(null, Sale::region, (s) -> 1L, Long::sum));
		}
	}

	private static void checkCancelled(int i) {
		if ((i & 0xFFF) == 0 && Thread.currentThread().isInterrupted()) {
			throw new CancellationException("task cancelled");
		}
	}

}
