package dev.podcluster.benchmark;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import dev.podcluster.benchmark.BenchmarkResults.JmhScore;
import dev.podcluster.benchmark.BenchmarkResults.Row;
import dev.podcluster.benchmark.BenchmarkResults.Stats;

/**
 * The results as one PNG, drawn with Java2D: per measurement a bar for each contender's
 * median with a whisker from min to max. Times are on a logarithmic axis (they span
 * milliseconds to minutes); a hatched bar hit its bound.
 */
final class BenchmarkChart {

	private static final Color OURS = new Color(0x1f, 0x77, 0xb4);

	private static final Color THEIRS = new Color(0xff, 0x7f, 0x0e);

	private static final Color GRID = new Color(0xdd, 0xdd, 0xdd);

	private static final int WIDTH = 1400;

	private static final int LABEL_WIDTH = 430;

	private static final int PLOT_LEFT = LABEL_WIDTH + 20;

	private static final int PLOT_WIDTH = 760;

	private static final int BAR = 13;

	private static final int ROW = 2 * BAR + 14;

	private final List<Panel> panels = new ArrayList<>();

	private final String title;

	private final String subtitle;

	BenchmarkChart(String title, String subtitle) {
		this.title = title;
		this.subtitle = subtitle;
	}

	/**
	 * Add a panel of two-contender rows.
	 * @param heading the panel's heading
	 * @param ours the first contender's legend
	 * @param theirs the second's
	 * @param rows the rows
	 * @return this chart
	 */
	BenchmarkChart panel(String heading, String ours, String theirs, List<Row> rows) {
		if (!rows.isEmpty()) {
			this.panels.add(new Panel(heading, ours, theirs, rows, List.of()));
		}
		return this;
	}

	/** Add a panel of the DNS lookup scores. */
	BenchmarkChart jmhPanel(String heading, List<JmhScore> scores) {
		if (!scores.isEmpty()) {
			this.panels.add(new Panel(heading, "starter", "", List.of(), scores));
		}
		return this;
	}

	void write(Path file) {
		int height = 90;
		for (Panel panel : this.panels) {
			height += panel.height();
		}
		BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			g.setColor(Color.WHITE);
			g.fillRect(0, 0, WIDTH, height);
			g.setColor(Color.BLACK);
			g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
			g.drawString(this.title, 20, 34);
			g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
			g.drawString(this.subtitle, 20, 58);
			int y = 90;
			for (Panel panel : this.panels) {
				y = panel.draw(g, y);
			}
		}
		finally {
			g.dispose();
		}
		try {
			Files.createDirectories(file.getParent());
			ImageIO.write(image, "png", file.toFile());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + file, ex);
		}
	}

	private record Panel(String heading, String ours, String theirs, List<Row> rows, List<JmhScore> scores) {

		int height() {
			int count = this.rows.isEmpty() ? this.scores.size() : this.rows.size();
			return 100 + count * ROW + 30;
		}

		int draw(Graphics2D g, int top) {
			g.setColor(Color.BLACK);
			g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
			g.drawString(this.heading, 20, top + 20);
			g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
			legend(g, PLOT_LEFT, top + 44, OURS, this.ours);
			if (!this.theirs.isEmpty()) {
				legend(g, PLOT_LEFT + 40 + g.getFontMetrics().stringWidth(this.ours) + 40, top + 44, THEIRS,
						this.theirs);
			}
			int plotTop = top + 60;
			int count = this.rows.isEmpty() ? this.scores.size() : this.rows.size();
			int plotBottom = plotTop + count * ROW;
			Axis axis = this.rows.isEmpty()
					? Axis.log(this.scores.stream().mapToDouble(JmhScore::min).min().orElse(1),
							this.scores.stream().mapToDouble(JmhScore::max).max().orElse(10), "ms")
					: Axis.forRows(this.rows);
			axis.draw(g, plotTop, plotBottom);
			int y = plotTop;
			if (this.rows.isEmpty()) {
				for (JmhScore score : this.scores) {
					label(g, score.records() + " SRV records", y);
					bar(g, axis, y + (ROW - BAR) / 2 - 3, OURS, score.median(), score.min(), score.max(), false,
							String.format(Locale.ROOT, "%.2f ms", score.median()));
					y += ROW;
				}
				return plotBottom + 40;
			}
			for (Row row : this.rows) {
				Axis rowAxis = axis.isLog() ? axis : Axis.linear(row);
				label(g, row.metric(), y);
				bar(g, rowAxis, y + 3, OURS, row.ours(), row.unit());
				bar(g, rowAxis, y + 3 + BAR + 2, THEIRS, row.theirs(), row.unit());
				y += ROW;
			}
			return plotBottom + 40;
		}

		private static void legend(Graphics2D g, int x, int y, Color color, String text) {
			g.setColor(color);
			g.fillRect(x, y - 11, 24, 12);
			g.setColor(Color.BLACK);
			g.drawString(text, x + 30, y);
		}

		private static void label(Graphics2D g, String text, int y) {
			g.setColor(Color.BLACK);
			g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
			String shown = text;
			while (g.getFontMetrics().stringWidth(shown) > LABEL_WIDTH - 10 && shown.length() > 10) {
				shown = shown.substring(0, shown.length() - 2);
			}
			if (!shown.equals(text)) {
				shown = shown + "…";
			}
			g.drawString(shown, 20, y + ROW / 2 + 4);
		}

		private static void bar(Graphics2D g, Axis axis, int y, Color color, Stats stats, String unit) {
			if (stats.count() == 0) {
				return;
			}
			String text = stats.format(unit);
			int cut = text.indexOf(" (");
			String shown = (cut > 0) ? text.substring(0, cut) : text;
			if (unit.equals("count")) {
				bar(g, axis, y, color, stats.sum(), stats.sum(), stats.sum(), false, shown);
				return;
			}
			bar(g, axis, y, color, stats.median(), stats.min(), stats.max(), stats.medianCensored(), shown);
		}

		private static void bar(Graphics2D g, Axis axis, int y, Color color, double value, double min, double max,
				boolean censored, String text) {
			int x0 = PLOT_LEFT;
			int x1 = Math.max(x0 + 1, axis.x(value));
			g.setColor(color);
			g.fillRect(x0, y, x1 - x0, BAR);
			if (censored) {
				g.setColor(Color.WHITE);
				g.setStroke(new BasicStroke(2));
				for (int x = x0 - BAR; x < x1; x += 8) {
					g.drawLine(Math.max(x, x0), y + BAR - Math.max(0, x0 - x), Math.min(x + BAR, x1),
							y + Math.max(0, x + BAR - x1));
				}
			}
			g.setColor(Color.BLACK);
			g.setStroke(new BasicStroke(1.2f));
			int lo = axis.x(min);
			int hi = axis.x(max);
			int mid = y + BAR / 2;
			if (hi > lo) {
				g.drawLine(lo, mid, hi, mid);
				g.drawLine(lo, mid - 4, lo, mid + 4);
				g.drawLine(hi, mid - 4, hi, mid + 4);
			}
			g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
			g.drawString(text, Math.max(x1, hi) + 6, y + BAR - 2);
		}

	}

	/**
	 * A horizontal axis: logarithmic in seconds for times, or linear per row for other
	 * units.
	 */
	private record Axis(boolean isLog, double low, double high, String unit) {

		static Axis forRows(List<Row> rows) {
			boolean times = rows.stream().allMatch((row) -> row.unit().equals("ms"));
			if (!times) {
				return new Axis(false, 0, 1, "");
			}
			double min = Double.MAX_VALUE;
			double max = 0;
			for (Row row : rows) {
				for (Stats stats : List.of(row.ours(), row.theirs())) {
					if (stats.count() > 0) {
						min = Math.min(min, Math.max(1, stats.min()));
						max = Math.max(max, stats.max());
					}
				}
			}
			return log(min, max, "s");
		}

		static Axis log(double min, double max, String unit) {
			double low = Math.pow(10, Math.floor(Math.log10(Math.max(min, 1e-3))));
			double high = Math.pow(10, Math.ceil(Math.log10(Math.max(max * 1.05, low * 10))));
			return new Axis(true, low, high, unit);
		}

		static Axis linear(Row row) {
			double max = 0;
			for (Stats stats : List.of(row.ours(), row.theirs())) {
				if (stats.count() > 0) {
					max = Math.max(max, row.unit().equals("count") ? stats.sum() : stats.max());
				}
			}
			return new Axis(false, 0, (max > 0) ? max * 1.15 : 1, row.unit());
		}

		int x(double value) {
			double share;
			if (this.isLog) {
				double v = Math.max(value, this.low);
				share = (Math.log10(v) - Math.log10(this.low)) / (Math.log10(this.high) - Math.log10(this.low));
			}
			else {
				share = Math.max(0, value) / this.high;
			}
			return PLOT_LEFT + (int) Math.round(Math.min(1, share) * PLOT_WIDTH);
		}

		void draw(Graphics2D g, int top, int bottom) {
			g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
			g.setStroke(new BasicStroke(1));
			if (!this.isLog) {
				g.setColor(Color.GRAY);
				g.drawLine(PLOT_LEFT, top, PLOT_LEFT, bottom);
				g.drawString("each row on its own linear scale", PLOT_LEFT, bottom + 16);
				return;
			}
			for (double tick = this.low; tick <= this.high * 1.0001; tick *= 10) {
				for (int step = 1; step < 10; step++) {
					double minor = tick * step;
					if (minor > this.high * 1.0001) {
						break;
					}
					int x = x(minor);
					g.setColor(GRID);
					g.drawLine(x, top, x, bottom);
					if (step == 1) {
						g.setColor(Color.GRAY);
						g.drawLine(x, top, x, bottom);
						g.setColor(Color.DARK_GRAY);
						g.drawString(tickLabel(tick), x - 10, bottom + 16);
					}
				}
			}
			g.setColor(Color.DARK_GRAY);
			g.drawString(this.unit.equals("s") ? "seconds (log scale)" : "milliseconds (log scale)",
					PLOT_LEFT + PLOT_WIDTH - 130, bottom + 30);
		}

		private String tickLabel(double tick) {
			double value = this.unit.equals("s") ? tick / 1000 : tick;
			return (value >= 1) ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%s", value);
		}

	}

}
