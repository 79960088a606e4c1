import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Generates the compute server's dataset once: two years (2023-2024) of order lines of a fictional consumer
 * electronics and home goods retailer, in 3 regions, 18 countries, 33 stores plus one web store per country. Seasonal
 * (November/December peaks, weekend bumps), growing year on year, with Black Friday discounts and a few anomalies
 * (bulk orders, excessive discounts) for the anomaly analysis to find. Deterministic: a fixed seed gives the same file.
 *
 * <p>Run from the repository root (JDK 17+, no build needed):
 * <pre>java samples/compute-server/data-generator/GenerateSales.java samples/compute-server/src/main/resources/data/sales.csv.gz</pre>
 */
public class GenerateSales {

	record Product(String name, String category, double price, double weight) {
	}

	record Store(String region, String country, String code, boolean online, double weight) {
	}

	static final List<Product> PRODUCTS = List.of(
			new Product("Aurora 14 Laptop", "Computers", 1099.00, 0.8),
			new Product("Aurora 16 Pro Laptop", "Computers", 1899.00, 0.4),
			new Product("Nimbus Mini PC", "Computers", 649.00, 0.3),
			new Product("Pixel Frame 27 Monitor", "Computers", 329.00, 0.9),
			new Product("Pixel Frame 32 4K Monitor", "Computers", 549.00, 0.5),
			new Product("Glide Wireless Mouse", "Accessories", 39.90, 3.0),
			new Product("Clack Mechanical Keyboard", "Accessories", 119.00, 1.6),
			new Product("USB-C Dock 9-in-1", "Accessories", 89.00, 1.4),
			new Product("PowerCell 20000 Power Bank", "Accessories", 49.90, 2.2),
			new Product("65W GaN Charger", "Accessories", 35.90, 2.8),
			new Product("Braided USB-C Cable 2m", "Accessories", 14.90, 4.0),
			new Product("Vista 6.1 Smartphone", "Phones", 799.00, 1.2),
			new Product("Vista 6.7 Max Smartphone", "Phones", 1099.00, 0.7),
			new Product("Lite 5 Smartphone", "Phones", 329.00, 1.1),
			new Product("Slate 11 Tablet", "Tablets", 499.00, 0.8),
			new Product("Slate 13 Pro Tablet", "Tablets", 999.00, 0.35),
			new Product("Pulse Buds", "Audio", 129.00, 2.0),
			new Product("Pulse Buds Pro", "Audio", 229.00, 1.3),
			new Product("Halo Over-Ear Headphones", "Audio", 299.00, 0.9),
			new Product("Boom Portable Speaker", "Audio", 79.00, 1.5),
			new Product("Room Soundbar 5.1", "Audio", 449.00, 0.4),
			new Product("Orbit Smartwatch", "Wearables", 349.00, 0.9),
			new Product("Stride Fitness Band", "Wearables", 69.00, 1.4),
			new Product("Lumen 55 OLED TV", "TV & Video", 1399.00, 0.35),
			new Product("Lumen 65 OLED TV", "TV & Video", 1999.00, 0.25),
			new Product("Stream Stick 4K", "TV & Video", 49.00, 1.8),
			new Product("Arc Game Console", "Gaming", 499.00, 0.6),
			new Product("Arc Wireless Controller", "Gaming", 69.00, 1.3),
			new Product("Snap Instant Camera", "Cameras", 99.00, 0.6),
			new Product("Vector Mirrorless Camera", "Cameras", 1299.00, 0.2),
			new Product("Brew Espresso Machine", "Kitchen", 449.00, 0.5),
			new Product("Brew Milk Frother", "Kitchen", 79.00, 0.8),
			new Product("Crisp Air Fryer 5L", "Kitchen", 129.00, 1.1),
			new Product("Blend Pro Blender", "Kitchen", 149.00, 0.6),
			new Product("Sweep Robot Vacuum", "Home", 399.00, 0.6),
			new Product("Breeze Air Purifier", "Home", 229.00, 0.5),
			new Product("Glow Smart Bulb 4-pack", "Home", 49.90, 1.9),
			new Product("Guard Video Doorbell", "Home", 179.00, 0.7),
			new Product("Therm Smart Thermostat", "Home", 199.00, 0.5),
			new Product("Wave Electric Toothbrush", "Personal Care", 89.00, 1.2));

	static final List<Store> STORES = new ArrayList<>();

	static {
		String[][] physical = {
				// region, country, city code, number of stores, weight per store
				{ "EMEA", "DE", "BER", "2", "1.2" }, { "EMEA", "DE", "MUC", "1", "1.1" }, { "EMEA", "DE", "HAM", "1", "0.9" },
				{ "EMEA", "FR", "PAR", "2", "1.2" }, { "EMEA", "FR", "LYS", "1", "0.7" }, { "EMEA", "GB", "LON", "2", "1.3" },
				{ "EMEA", "GB", "MAN", "1", "0.7" }, { "EMEA", "IT", "MIL", "1", "0.9" }, { "EMEA", "ES", "MAD", "1", "0.8" },
				{ "EMEA", "NL", "AMS", "1", "0.8" }, { "EMEA", "SE", "STO", "1", "0.6" }, { "EMEA", "PL", "WAW", "1", "0.6" },
				{ "AMER", "US", "NYC", "2", "1.5" }, { "AMER", "US", "CHI", "1", "1.1" }, { "AMER", "US", "SFO", "1", "1.3" },
				{ "AMER", "US", "AUS", "1", "0.9" }, { "AMER", "US", "SEA", "1", "1.0" }, { "AMER", "CA", "TOR", "1", "0.9" },
				{ "AMER", "CA", "VAN", "1", "0.7" }, { "AMER", "BR", "SAO", "1", "0.8" }, { "AMER", "MX", "MEX", "1", "0.7" },
				{ "APAC", "JP", "TYO", "2", "1.3" }, { "APAC", "JP", "OSA", "1", "0.8" }, { "APAC", "AU", "SYD", "1", "0.9" },
				{ "APAC", "AU", "MEL", "1", "0.8" }, { "APAC", "SG", "SIN", "1", "0.9" }, { "APAC", "IN", "BLR", "1", "0.8" },
				{ "APAC", "IN", "BOM", "1", "0.7" }, { "APAC", "KR", "SEL", "1", "1.0" } };
		List<String> countries = new ArrayList<>();
		for (String[] p : physical) {
			for (int i = 1; i <= Integer.parseInt(p[3]); i++) {
				STORES.add(new Store(p[0], p[1], p[1] + "-" + p[2] + "-0" + i, false, Double.parseDouble(p[4])));
			}
			if (!countries.contains(p[1])) {
				countries.add(p[1]);
				// One web store per country, weighted like about two physical stores.
				STORES.add(new Store(p[0], p[1], p[1] + "-WEB", true, 1.8));
			}
		}
	}

	public static void main(String[] args) throws IOException {
		Path out = Path.of(args.length > 0 ? args[0] : "sales.csv.gz");
		int target = args.length > 1 ? Integer.parseInt(args[1]) : 300_000;
		Random random = new Random(20240607L);
		LocalDate first = LocalDate.of(2023, 1, 1);
		LocalDate last = LocalDate.of(2024, 12, 31);
		// Expected rows per day before seasonality, so that the total comes out near the target.
		double totalWeight = 0;
		for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
			totalWeight += dayWeight(d);
		}
		double perWeight = target / totalWeight;
		double[] storeCdf = cdf(STORES.stream().mapToDouble(Store::weight).toArray());
		double[] productCdf = cdf(PRODUCTS.stream().mapToDouble(Product::weight).toArray());
		long rows = 0;
		try (Writer w = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(out), 1 << 16),
				StandardCharsets.UTF_8), 1 << 16)) {
			w.write("date,region,country,store,channel,product,category,quantity,unit_price,discount\n");
			for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
				int n = poisson(random, dayWeight(d) * perWeight);
				boolean blackWeek = d.getMonth() == Month.NOVEMBER && d.getDayOfMonth() >= 20 && d.getDayOfMonth() <= 30;
				double priceFactor = d.getYear() == 2024 ? 1.04 : 1.0;
				for (int i = 0; i < n; i++) {
					Store store = STORES.get(pick(random, storeCdf));
					Product product = PRODUCTS.get(pick(random, productCdf));
					int quantity = 1;
					while (quantity < 6 && random.nextDouble() < (product.price() < 100 ? 0.35 : 0.12)) {
						quantity++;
					}
					double discount = discount(random, blackWeek);
					double r = random.nextDouble();
					if (r < 0.0007) {
						quantity = 40 + random.nextInt(360); // bulk order: a business buyer, or a data-entry error
					}
					else if (r < 0.0012) {
						discount = 0.6 + 0.05 * random.nextInt(7); // excessive discount: needs a second look
					}
					double price = Math.round(product.price() * priceFactor * 100) / 100.0;
					w.write(d + "," + store.region() + "," + store.country() + "," + store.code() + ","
							+ (store.online() ? "online" : "store") + "," + product.name() + "," + product.category() + ","
							+ quantity + "," + String.format(Locale.ROOT, "%.2f", price) + ","
							+ String.format(Locale.ROOT, "%.2f", discount) + "\n");
					rows++;
				}
			}
		}
		System.out.println("wrote " + rows + " rows to " + out + " (" + Files.size(out) + " bytes)");
	}

	static double dayWeight(LocalDate d) {
		double w = 1.0;
		switch (d.getMonth()) {
			case NOVEMBER -> w *= 1.5;
			case DECEMBER -> w *= d.getDayOfMonth() <= 24 ? 2.0 : 1.1;
			case JANUARY, FEBRUARY -> w *= 0.8;
			case JULY, AUGUST -> w *= 0.9;
			default -> {
			}
		}
		if (d.getDayOfWeek() == DayOfWeek.SATURDAY) {
			w *= 1.4;
		}
		else if (d.getDayOfWeek() == DayOfWeek.SUNDAY) {
			w *= 0.7;
		}
		if (d.getMonth() == Month.NOVEMBER && d.getDayOfMonth() >= 20 && d.getDayOfMonth() <= 30) {
			w *= 1.8;
		}
		return w * (d.getYear() == 2024 ? 1.12 : 1.0);
	}

	static double discount(Random random, boolean blackWeek) {
		double r = random.nextDouble();
		if (blackWeek) {
			return r < 0.2 ? 0.0 : r < 0.5 ? 0.15 : r < 0.8 ? 0.25 : 0.35;
		}
		return r < 0.72 ? 0.0 : r < 0.87 ? 0.05 : r < 0.95 ? 0.10 : r < 0.99 ? 0.15 : 0.20;
	}

	static double[] cdf(double[] weights) {
		double[] c = new double[weights.length];
		double sum = 0;
		for (int i = 0; i < weights.length; i++) {
			sum += weights[i];
			c[i] = sum;
		}
		for (int i = 0; i < c.length; i++) {
			c[i] /= sum;
		}
		return c;
	}

	static int pick(Random random, double[] cdf) {
		double r = random.nextDouble();
		for (int i = 0; i < cdf.length; i++) {
			if (r < cdf[i]) {
				return i;
			}
		}
		return cdf.length - 1;
	}

	static int poisson(Random random, double mean) {
		// Normal approximation: the means here are in the hundreds.
		return Math.max(0, (int) Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
	}

}
