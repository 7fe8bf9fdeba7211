package dev.podcluster.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every sample the benchmark took, and what it makes of them: per measurement the median,
 * min and max of each contender and the ratio of the medians, as a Markdown table, CSV
 * and JSON. A sample that hit its bound is censored: the true value is at least the
 * bound, and the statistics say so with {@code >}.
 */
final class BenchmarkResults {

	private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());

	private final List<Table> tables = new ArrayList<>();

	private final List<JmhScore> jmhScores = Collections.synchronizedList(new ArrayList<>());

	private final Map<String, Object> context = Collections.synchronizedMap(new LinkedHashMap<>());

	private final List<String> order = new ArrayList<>();

	/**
	 * Declare a table of the starter against the other side, in output order, with the
	 * ratio of their medians.
	 * @param section the samples' section
	 * @param title the table's heading
	 * @param ours the column heading of the first contender
	 * @param theirs the column heading of the second
	 */
	void table(String section, String title, String ours, String theirs) {
		table(section, title, List.of(new Column(Contender.OURS, ours), new Column(Contender.THEIRS, theirs)));
	}

	/**
	 * Declare a table of several contenders side by side, in output order; with only
	 * {@link Contender#OURS} and {@link Contender#THEIRS}, in that order, the ratio of
	 * their medians follows.
	 * @param section the samples' section
	 * @param title the table's heading
	 * @param columns the contenders, each with its column heading
	 */
	void table(String section, String title, List<Column> columns) {
		this.tables.add(new Table(section, title, List.copyOf(columns)));
	}

	/**
	 * Declare the order of measurements in the tables; undeclared ones follow in the
	 * order first sampled.
	 * @param metrics the measurements
	 */
	void order(List<String> metrics) {
		this.order.addAll(metrics);
	}

	void add(String section, String metric, Contender contender, int round, double value, String unit,
			boolean censored) {
		this.samples.add(new Sample(section, metric, contender.key(), round, value, unit, censored));
	}

	void addJmh(JmhScore score) {
		this.jmhScores.add(score);
	}

	/** Something to record with the results: settings, the machine, the command. */
	void context(String key, Object value) {
		this.context.put(key, value);
	}

	Map<String, Object> context() {
		synchronized (this.context) {
			return Map.copyOf(this.context);
		}
	}

	List<Sample> samples() {
		synchronized (this.samples) {
			return List.copyOf(this.samples);
		}
	}

	List<JmhScore> jmhScores() {
		synchronized (this.jmhScores) {
			return List.copyOf(this.jmhScores);
		}
	}

	/**
	 * Each measurement of a section with every contender's statistics, in the order first
	 * sampled.
	 */
	List<Row> rows(String section) {
		Map<String, List<Sample>> byMetric = new LinkedHashMap<>();
		for (Sample sample : samples()) {
			if (sample.section().equals(section)) {
				byMetric.computeIfAbsent(sample.metric(), (metric) -> new ArrayList<>()).add(sample);
			}
		}
		List<Row> rows = new ArrayList<>();
		byMetric.forEach((metric, metricSamples) -> {
			Map<Contender, Stats> stats = new EnumMap<>(Contender.class);
			for (Contender contender : Contender.values()) {
				stats.put(contender, Stats.of(metricSamples, contender.key()));
			}
			rows.add(new Row(section, metric, metricSamples.get(0).unit(), stats));
		});
		rows.sort(Comparator.comparingInt((row) -> {
			int declared = this.order.indexOf(row.metric());
			return (declared >= 0) ? declared : this.order.size();
		}));
		return rows;
	}

	String markdown() {
		StringBuilder text = new StringBuilder();
		for (Table table : this.tables) {
			List<Row> rows = rows(table.section());
			if (rows.isEmpty()) {
				continue;
			}
			text.append("**").append(table.title()).append("**\n\n");
			boolean ratio = table.comparesOursWithTheirs();
			text.append("| measurement | ")
				.append(table.columns().stream().map(Column::heading).collect(Collectors.joining(" | ")))
				.append(ratio ? " | ours/theirs |\n" : " |\n");
			text.append("| --- |").append(" --- |".repeat(table.columns().size() + (ratio ? 1 : 0))).append('\n');
			for (Row row : rows) {
				text.append("| ").append(row.metric()).append(" | ");
				text.append(table.columns()
					.stream()
					.map((column) -> row.stats(column.contender()).format(row.unit()))
					.collect(Collectors.joining(" | ")));
				text.append(ratio ? " | " + row.ratio() + " |\n" : " |\n");
			}
			text.append('\n');
		}
		List<JmhScore> scores = jmhScores();
		if (!scores.isEmpty()) {
			text.append(
					"**DNS: one SRV lookup + parse through the starter's `DnsSrvSeedProvider`/`DnsClient` against BIND 9")
				.append(" on loopback (JMH, sample time), milliseconds**\n\n");
			text.append(
					"| SRV records | median | p90 | min–max | mean ± 99.9% CI |\n| --- | --- | --- | --- | --- |\n");
			for (JmhScore score : scores) {
				text.append(String.format(Locale.ROOT, "| %d | %s | %s | %s–%s | %s ± %s |%n", score.records(),
						ms(score.median()), ms(score.p90()), ms(score.min()), ms(score.max()), ms(score.mean()),
						ms(score.error())));
			}
			text.append('\n');
		}
		return text.toString();
	}

	/** Write results.md, results.csv and results.json into the directory. */
	void write(Path directory) {
		try {
			Files.createDirectories(directory);
			Files.writeString(directory.resolve("results.md"), markdown());
			StringBuilder csv = new StringBuilder("section,metric,contender,round,value,unit,censored\n");
			for (Sample sample : samples()) {
				csv.append(String.join(",", sample.section(), quote(sample.metric()), sample.contender(),
						String.valueOf(sample.round()), String.format(Locale.ROOT, "%.1f", sample.value()),
						sample.unit(), String.valueOf(sample.censored())))
					.append('\n');
			}
			for (JmhScore score : jmhScores()) {
				csv.append(String.join(",", "dns", quote("lookup+parse of " + score.records() + " SRV records, median"),
						"ours", "0", String.format(Locale.ROOT, "%.3f", score.median()), "ms", "false"))
					.append('\n');
			}
			Files.writeString(directory.resolve("results.csv"), csv.toString());
			Map<String, Object> json = new LinkedHashMap<>(this.context);
			List<Map<String, Object>> rows = new ArrayList<>();
			for (Table table : this.tables) {
				for (Row row : rows(table.section())) {
					Map<String, Object> entry = new LinkedHashMap<>();
					entry.put("section", row.section());
					entry.put("metric", row.metric());
					entry.put("unit", row.unit());
					for (Column column : table.columns()) {
						entry.put(column.heading(), row.stats(column.contender()).toMap());
					}
					if (table.comparesOursWithTheirs()) {
						entry.put("ratio", row.ratio());
					}
					rows.add(entry);
				}
			}
			json.put("rows", rows);
			json.put("jmh", jmhScores());
			json.put("samples", samples());
			JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
			Files.writeString(directory.resolve("results.json"), mapper.writeValueAsString(json));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the results to " + directory, ex);
		}
	}

	private static String ms(double millis) {
		return (millis < 10) ? String.format(Locale.ROOT, "%.2f", millis) : String.format(Locale.ROOT, "%.0f", millis);
	}

	private static String quote(String text) {
		return "\"" + text.replace("\"", "\"\"") + "\"";
	}

	/** Who is measured: the two sides of every comparison, and their other modes. */
	enum Contender {

		/** The starter. */
		OURS("ours"),

		/**
		 * What a user would pick instead: Hazelcast's own discovery, or no starter at
		 * all.
		 */
		THEIRS("theirs"),

		/** The starter in its other discovery mode, through the Kubernetes API. */
		OURS_KUBERNETES_API("ours-kubernetes-api"),

		/** Hazelcast's own Kubernetes discovery in its other mode, through the API. */
		THEIRS_KUBERNETES_API("theirs-kubernetes-api");

		private final String key;

		Contender(String key) {
			this.key = key;
		}

		String key() {
			return this.key;
		}

	}

	/**
	 * One measured value.
	 *
	 * @param section the table it belongs to
	 * @param metric what was measured
	 * @param contender {@code ours} or {@code theirs}
	 * @param round the round, from 1
	 * @param value the value, in {@code unit}
	 * @param unit {@code ms}, {@code MiB} or {@code count}
	 * @param censored whether the measurement hit its bound (the value is the bound)
	 */
	record Sample(String section, String metric, String contender, int round, double value, String unit,
			boolean censored) {
	}

	/**
	 * A JMH result, in milliseconds per lookup.
	 *
	 * @param records the number of SRV records in the answer
	 * @param median the median lookup
	 * @param p90 the 90th percentile
	 * @param min the fastest lookup
	 * @param max the slowest lookup
	 * @param mean the mean
	 * @param error the half-width of the mean's 99.9% confidence interval
	 */
	record JmhScore(int records, double median, double p90, double min, double max, double mean, double error) {
	}

	/**
	 * A table's column.
	 *
	 * @param contender whose samples it shows
	 * @param heading its heading
	 */
	record Column(Contender contender, String heading) {
	}

	record Table(String section, String title, List<Column> columns) {

		boolean comparesOursWithTheirs() {
			return this.columns.stream()
				.map(Column::contender)
				.toList()
				.equals(List.of(Contender.OURS, Contender.THEIRS));
		}

	}

	/**
	 * One line of a table.
	 *
	 * @param section its section
	 * @param metric what was measured
	 * @param unit the samples' unit
	 * @param stats each contender's statistics (none for a contender not measured)
	 */
	record Row(String section, String metric, String unit, Map<Contender, Stats> stats) {

		Stats stats(Contender contender) {
			return this.stats.get(contender);
		}

		/** The starter's statistics. */
		Stats ours() {
			return stats(Contender.OURS);
		}

		/** The other side's statistics. */
		Stats theirs() {
			return stats(Contender.THEIRS);
		}

		String ratio() {
			if (this.unit.equals("count") || ours().count() == 0 || theirs().count() == 0 || theirs().median() == 0) {
				return "";
			}
			double ratio = ours().median() / theirs().median();
			String text = (ratio < 0.1) ? String.format(Locale.ROOT, "%.3f", ratio)
					: String.format(Locale.ROOT, "%.2f", ratio);
			if (ours().medianCensored() && theirs().medianCensored()) {
				return "?";
			}
			if (theirs().medianCensored()) {
				return "< " + text;
			}
			if (ours().medianCensored()) {
				return "> " + text;
			}
			return text;
		}

	}

	/**
	 * One contender's samples of one measurement.
	 *
	 * @param count how many samples
	 * @param median their median
	 * @param min the smallest
	 * @param max the largest
	 * @param sum their sum (for counts)
	 * @param censored how many hit their bound
	 * @param medianCensored whether the median is only a lower bound
	 */
	record Stats(int count, double median, double min, double max, double sum, int censored, boolean medianCensored) {

		static Stats of(List<Sample> samples, String contender) {
			List<Sample> mine = samples.stream()
				.filter((sample) -> sample.contender().equals(contender))
				.sorted((a, b) -> Double.compare(a.value(), b.value()))
				.toList();
			if (mine.isEmpty()) {
				return new Stats(0, Double.NaN, Double.NaN, Double.NaN, 0, 0, false);
			}
			int n = mine.size();
			Sample low = mine.get((n - 1) / 2);
			Sample high = mine.get(n / 2);
			double median = (low.value() + high.value()) / 2;
			int censored = (int) mine.stream().filter(Sample::censored).count();
			double sum = mine.stream().mapToDouble(Sample::value).sum();
			return new Stats(n, median, mine.get(0).value(), mine.get(n - 1).value(), sum, censored,
					low.censored() || high.censored());
		}

		String format(String unit) {
			if (this.count == 0) {
				return "–";
			}
			if (unit.equals("count")) {
				return String.format(Locale.ROOT, "%d of %d", Math.round(this.sum), this.count);
			}
			String median = value(this.median, unit);
			String max = value(this.max, unit);
			return (this.medianCensored ? "> " : "") + median + " (" + value(this.min, unit) + "–"
					+ ((this.censored > 0) ? "> " : "") + max + ")"
					+ ((this.censored > 0) ? ", " + this.censored + " of " + this.count + " not within the bound" : "");
		}

		private static String value(double value, String unit) {
			if (unit.equals("ms")) {
				return String.format(Locale.ROOT, "%.2f s", value / 1000);
			}
			return String.format(Locale.ROOT, "%.0f %s", value, unit);
		}

		Map<String, @Nullable Object> toMap() {
			Map<String, @Nullable Object> map = new LinkedHashMap<>();
			map.put("n", this.count);
			map.put("median", this.median);
			map.put("min", this.min);
			map.put("max", this.max);
			map.put("censored", this.censored);
			map.put("medianIsLowerBound", this.medianCensored);
			return map;
		}

	}

	@Override
	public String toString() {
		return this.samples.stream().map(Sample::toString).collect(Collectors.joining("\n"));
	}

}
