package org.resnetnotebooks.kit;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * Draws a {@link ChartSpec} as a PNG picture with Java2D, inside the kernel.
 *
 * <p>Why in Java: the picture is what a viewer that runs no scripts shows (GitHub, a static
 * export, a course platform), so every chart output carries one, also the outputs of a learner's
 * own run, with no browser and no network. It follows plotly's look (colours, grid, legend on
 * the right) so that the picture and the interactive chart read the same; it is not a copy of
 * plotly, and interactive details (hover values, zoom) exist only in the interactive chart.
 */
final class ChartPicture {

    static final int WIDTH = 760;
    static final int HEIGHT = 440;
    static final int HEATMAP_WIDTH = 700;
    static final int HEATMAP_HEIGHT = 560;

    private static final Color GRID = new Color(0xE5, 0xE5, 0xE5);
    private static final Color AXIS = new Color(0x44, 0x44, 0x44);
    private static final Color TEXT = new Color(0x2A, 0x3F, 0x5F);

    static {
        // A kernel has no screen; on macOS a non-headless AWT would also put an icon in the dock.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ChartPicture() {}

    /**
     * The chart as a base64 PNG, as a notebook's {@code image/png} output holds it.
     *
     * @param spec the chart
     * @return base64 of the PNG bytes
     */
    static String base64Png(ChartSpec spec) {
        return Base64.getEncoder().encodeToString(png(spec));
    }

    /**
     * The chart as PNG bytes.
     *
     * @param spec the chart
     * @return the PNG file's bytes
     */
    static byte[] png(ChartSpec spec) {
        boolean heatmap = spec.kind == ChartSpec.Kind.HEATMAP;
        int w = heatmap ? HEATMAP_WIDTH : WIDTH;
        int h = heatmap ? HEATMAP_HEIGHT : HEIGHT;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            new Painter(g, spec, w, h).paint();
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode the chart picture", e);
        }
        return out.toByteArray();
    }

    /** The drawing of one picture. */
    private static final class Painter {
        private final Graphics2D g;
        private final ChartSpec spec;
        private final int width;
        private final int height;
        private final Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        private final Font titleFont = new Font(Font.SANS_SERIF, Font.PLAIN, 16);
        private int left;
        private int right;
        private int top;
        private int bottom;

        Painter(Graphics2D g, ChartSpec spec, int width, int height) {
            this.g = g;
            this.spec = spec;
            this.width = width;
            this.height = height;
        }

        void paint() {
            List<String> titleLines = wrap(spec.title, titleFont, width - 40, 2);
            top = 18 + 20 * titleLines.size() + 12;
            g.setFont(titleFont);
            g.setColor(TEXT);
            for (int i = 0; i < titleLines.size(); i++) {
                centred(titleLines.get(i), width / 2, 30 + 20 * i);
            }
            g.setFont(font);
            if (spec.kind == ChartSpec.Kind.HEATMAP) {
                paintHeatmap();
            } else {
                paintXY();
            }
        }

        // ---- line and bar charts ----

        private void paintXY() {
            boolean bars = spec.kind == ChartSpec.Kind.BARS;
            boolean numericX = !bars && spec.numericX();
            List<String> categories = categories();
            int legendWidth = legendWidth();
            left = 78;
            right = width - 20 - legendWidth;
            bottom = height - 58;

            Scale y = yScale(bars);
            Scale x = numericX ? xScale() : null;

            // grid and tick labels
            g.setFont(font);
            FontMetrics fm = g.getFontMetrics();
            for (double t : y.ticks) {
                int py = (int) Math.round(y.toPixel(t, bottom, top));
                g.setColor(GRID);
                g.drawLine(left, py, right, py);
                g.setColor(AXIS);
                String label = y.label(t);
                g.drawString(label, left - 6 - fm.stringWidth(label), py + fm.getAscent() / 2 - 1);
            }
            if (numericX) {
                for (double t : x.ticks) {
                    int px = (int) Math.round(x.toPixel(t, left, right));
                    g.setColor(GRID);
                    g.drawLine(px, top, px, bottom);
                    g.setColor(AXIS);
                    centred(x.label(t), px, bottom + 16);
                }
            } else {
                double band = (right - left) / (double) Math.max(1, categories.size());
                int maxLabel = (int) band - 4;
                for (int i = 0; i < categories.size(); i++) {
                    int px = (int) Math.round(left + band * (i + 0.5));
                    g.setColor(AXIS);
                    centred(fit(categories.get(i), font, Math.max(maxLabel, 24)), px, bottom + 16);
                }
            }
            g.setColor(AXIS);
            g.drawLine(left, bottom, right, bottom);

            // axis titles
            centred(fit(spec.xTitle, font, right - left), (left + right) / 2, height - 18);
            verticalTitle(fit(spec.yTitle, font, bottom - top), 18, (top + bottom) / 2);

            // data
            if (bars) {
                paintBars(y, categories);
            } else {
                paintLines(y, x, categories);
            }
            paintLegend();
        }

        private void paintLines(Scale y, Scale x, List<String> categories) {
            double band = (right - left) / (double) Math.max(1, categories.size());
            Shape clip = g.getClip();
            g.clipRect(left, top - 4, right - left + 1, bottom - top + 8);
            for (int s = 0; s < spec.series.size(); s++) {
                ChartSpec.Series series = spec.series.get(s);
                g.setColor(Color.decode(ChartSpec.COLOURS[s % ChartSpec.COLOURS.length]));
                g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                Path2D path = new Path2D.Double();
                boolean pen = false;
                List<double[]> points = new ArrayList<>();
                for (int i = 0; i < series.y().length; i++) {
                    double value = series.y()[i];
                    if (!drawable(value)) {
                        pen = false;
                        continue;
                    }
                    double px = x != null
                            ? x.toPixel(((Number) series.x().get(i)).doubleValue(), left, right)
                            : left + band * (categories.indexOf(String.valueOf(series.x().get(i))) + 0.5);
                    double py = y.toPixel(value, bottom, top);
                    if (pen) {
                        path.lineTo(px, py);
                    } else {
                        path.moveTo(px, py);
                        pen = true;
                    }
                    points.add(new double[] {px, py});
                }
                g.draw(path);
                if (spec.markers) {
                    for (double[] p : points) {
                        g.fill(new Ellipse2D.Double(p[0] - 3, p[1] - 3, 6, 6));
                    }
                }
            }
            g.setStroke(new BasicStroke(1f));
            g.setClip(clip);
        }

        private void paintBars(Scale y, List<String> categories) {
            int n = spec.series.size();
            double band = (right - left) / (double) Math.max(1, categories.size());
            double barWidth = band * 0.8 / n;
            double base = y.toPixel(Math.max(y.min, Math.min(0, y.max)), bottom, top);
            for (int s = 0; s < n; s++) {
                ChartSpec.Series series = spec.series.get(s);
                g.setColor(Color.decode(ChartSpec.COLOURS[s % ChartSpec.COLOURS.length]));
                for (int i = 0; i < series.y().length; i++) {
                    double value = series.y()[i];
                    if (!Double.isFinite(value)) {
                        continue;
                    }
                    int c = categories.indexOf(String.valueOf(series.x().get(i)));
                    double x0 = left + band * c + band * 0.1 + barWidth * s;
                    double py = y.toPixel(value, bottom, top);
                    g.fill(new Rectangle2D.Double(x0, Math.min(py, base), barWidth - 1,
                            Math.abs(base - py)));
                }
            }
        }

        private int legendWidth() {
            if (spec.series.size() < 2 && spec.kind != ChartSpec.Kind.BARS) {
                return 0;
            }
            FontMetrics fm = g.getFontMetrics(font);
            int widest = 0;
            for (ChartSpec.Series s : spec.series) {
                widest = Math.max(widest, fm.stringWidth(s.name()));
            }
            return Math.min(200, widest + 34);
        }

        private void paintLegend() {
            int legendWidth = legendWidth();
            if (legendWidth == 0) {
                return;
            }
            int x0 = width - legendWidth - 6;
            int y0 = top + 6;
            for (int s = 0; s < spec.series.size(); s++) {
                int py = y0 + 20 * s;
                g.setColor(Color.decode(ChartSpec.COLOURS[s % ChartSpec.COLOURS.length]));
                if (spec.kind == ChartSpec.Kind.BARS) {
                    g.fillRect(x0, py - 6, 18, 12);
                } else {
                    g.setStroke(new BasicStroke(2f));
                    g.drawLine(x0, py, x0 + 18, py);
                    g.setStroke(new BasicStroke(1f));
                }
                g.setColor(AXIS);
                g.drawString(fit(spec.series.get(s).name(), font, legendWidth - 26), x0 + 24,
                        py + g.getFontMetrics(font).getAscent() / 2 - 1);
            }
        }

        private List<String> categories() {
            List<String> out = new ArrayList<>();
            for (ChartSpec.Series s : spec.series) {
                for (Object x : s.x()) {
                    String label = String.valueOf(x);
                    if (!out.contains(label)) {
                        out.add(label);
                    }
                }
            }
            return out;
        }

        private Scale yScale(boolean bars) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (ChartSpec.Series s : spec.series) {
                for (double v : s.y()) {
                    if (drawable(v)) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
            }
            if (min > max) {
                min = spec.logY ? 1 : 0;
                max = spec.logY ? 10 : 1;
            }
            if (bars) {
                min = Math.min(0, min);
                max = Math.max(0, max);
            }
            return spec.logY ? Scale.log(min, max) : Scale.linear(min, max, 6);
        }

        private boolean drawable(double v) {
            return Double.isFinite(v) && (!spec.logY || v > 0);
        }

        /** The x axis of a line chart; whole-number x values (epochs) get no ticks between them. */
        private Scale xScale() {
            double[] xs = spec.series.stream().flatMap(series -> series.x().stream())
                    .mapToDouble(x -> ((Number) x).doubleValue()).toArray();
            DoubleSummaryStatistics range = Arrays.stream(xs).summaryStatistics();
            double min = xs.length == 0 ? 0 : range.getMin();
            double max = xs.length == 0 ? 1 : range.getMax();
            Scale x = Scale.linear(min, max, 8);
            boolean whole = Arrays.stream(xs).allMatch(v -> v == Math.rint(v));
            if (whole && x.ticks.size() > 1 && x.ticks.get(1) - x.ticks.get(0) < 1) {
                x = Scale.linear(min, max, (int) Math.max(1, max - min));   // epochs: no 1.5
            }
            return x;
        }

        // ---- heatmaps ----

        private void paintHeatmap() {
            int rows = spec.yLabels.size();
            int cols = spec.xLabels.size();
            left = 120;
            right = width - 90;
            bottom = height - 120;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double[] row : spec.z) {
                for (double v : row) {
                    if (Double.isFinite(v)) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
            }
            if (min > max) {
                min = 0;
                max = 1;
            }
            double cw = (right - left) / (double) Math.max(1, cols);
            double ch = (bottom - top) / (double) Math.max(1, rows);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    double v = spec.z[r][c];
                    g.setColor(Double.isFinite(v) ? viridis(max > min ? (v - min) / (max - min) : 0.5) : Color.WHITE);
                    g.fill(new Rectangle2D.Double(left + c * cw, top + r * ch, cw + 0.5, ch + 0.5));
                }
            }
            g.setColor(AXIS);
            FontMetrics fm = g.getFontMetrics(font);
            for (int r = 0; r < rows; r++) {
                String label = fit(spec.yLabels.get(r), font, left - 12);
                int py = (int) Math.round(top + ch * (r + 0.5));
                g.drawString(label, left - 6 - fm.stringWidth(label), py + fm.getAscent() / 2 - 1);
            }
            for (int c = 0; c < cols; c++) {
                String label = fit(spec.xLabels.get(c), font, 100);
                int px = (int) Math.round(left + cw * (c + 0.5));
                AffineTransform saved = g.getTransform();
                g.translate(px + fm.getAscent() / 2.0 - 1, bottom + 6);
                g.rotate(Math.toRadians(-45));
                g.drawString(label, -fm.stringWidth(label), 0);
                g.setTransform(saved);
            }
            centred(fit(spec.xTitle, font, right - left), (left + right) / 2, height - 14);
            verticalTitle(fit(spec.yTitle, font, bottom - top), 16, (top + bottom) / 2);

            // colour bar
            int bx = right + 18;
            for (int py = top; py <= bottom; py++) {
                g.setColor(viridis(1 - (py - top) / (double) Math.max(1, bottom - top)));
                g.drawLine(bx, py, bx + 14, py);
            }
            g.setColor(AXIS);
            Scale bar = Scale.linear(min, max, 5);
            for (double t : bar.ticks) {
                if (t < min || t > max) {
                    continue;
                }
                int py = (int) Math.round(bar.toPixel(t, bottom, top));
                g.drawLine(bx + 14, py, bx + 18, py);
                g.drawString(bar.label(t), bx + 21, py + fm.getAscent() / 2 - 1);
            }
        }

        /** Plotly's Viridis colour scale, from its stops. */
        private static Color viridis(double t) {
            int[][] stops = {
                {0x44, 0x01, 0x54}, {0x48, 0x28, 0x78}, {0x3E, 0x49, 0x89}, {0x31, 0x68, 0x8E},
                {0x26, 0x82, 0x8E}, {0x1F, 0x9E, 0x89}, {0x35, 0xB7, 0x79}, {0x6E, 0xCE, 0x58},
                {0xB5, 0xDE, 0x2B}, {0xFD, 0xE7, 0x25}
            };
            double p = Math.max(0, Math.min(1, t)) * (stops.length - 1);
            int i = Math.min(stops.length - 2, (int) p);
            double f = p - i;
            int[] a = stops[i];
            int[] b = stops[i + 1];
            return new Color(
                    (int) Math.round(a[0] + (b[0] - a[0]) * f),
                    (int) Math.round(a[1] + (b[1] - a[1]) * f),
                    (int) Math.round(a[2] + (b[2] - a[2]) * f));
        }

        // ---- text ----

        private void centred(String text, int cx, int baseline) {
            g.drawString(text, cx - g.getFontMetrics().stringWidth(text) / 2, baseline);
        }

        private void verticalTitle(String text, int baselineX, int cy) {
            AffineTransform saved = g.getTransform();
            g.translate(baselineX + g.getFontMetrics().getAscent(), cy);
            g.rotate(-Math.PI / 2);
            g.setColor(AXIS);
            centred(text, 0, 0);
            g.setTransform(saved);
        }

        /** Cuts text to fit a width, ending in an ellipsis. */
        private String fit(String text, Font f, int maxWidth) {
            FontMetrics fm = g.getFontMetrics(f);
            if (fm.stringWidth(text) <= maxWidth) {
                return text;
            }
            String cut = text;
            while (!cut.isEmpty() && fm.stringWidth(cut + "…") > maxWidth) {
                cut = cut.substring(0, cut.length() - 1);
            }
            return cut.strip() + "…";
        }

        /** Breaks text at spaces into at most {@code maxLines} lines of the width. */
        private List<String> wrap(String text, Font f, int maxWidth, int maxLines) {
            FontMetrics fm = g.getFontMetrics(f);
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (String word : text.split(" ")) {
                String candidate = line.length() == 0 ? word : line + " " + word;
                if (fm.stringWidth(candidate) <= maxWidth || line.length() == 0) {
                    line.setLength(0);
                    line.append(candidate);
                } else {
                    lines.add(line.toString());
                    line.setLength(0);
                    line.append(word);
                }
            }
            lines.add(line.toString());
            if (lines.size() > maxLines) {
                List<String> kept = new ArrayList<>(lines.subList(0, maxLines - 1));
                kept.add(fit(String.join(" ", lines.subList(maxLines - 1, lines.size())), f, maxWidth));
                return kept;
            }
            List<String> fitted = new ArrayList<>();
            for (String l : lines) {
                fitted.add(fit(l, f, maxWidth));
            }
            return fitted;
        }
    }

    /** An axis: its range, its ticks and how to print them. */
    static final class Scale {
        final double min;
        final double max;
        final boolean log;
        final List<Double> ticks;

        private Scale(double min, double max, boolean log, List<Double> ticks) {
            this.min = min;
            this.max = max;
            this.log = log;
            this.ticks = ticks;
        }

        /** A linear axis from round numbers that cover [lo, hi], with about {@code count} ticks. */
        static Scale linear(double lo, double hi, int count) {
            if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
                double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
                lo -= pad;
                hi += pad;
            }
            double step = niceStep((hi - lo) / count);
            double first = Math.floor(lo / step) * step;
            double last = Math.ceil(hi / step) * step;
            List<Double> ticks = new ArrayList<>();
            for (double t = first; t <= last + step / 2; t += step) {
                ticks.add(Math.abs(t) < step * 1e-9 ? 0.0 : t);
            }
            return new Scale(first, last, false, ticks);
        }

        /** A log axis over whole decades (with 2 and 5 between them when there are few). */
        static Scale log(double lo, double hi) {
            int d0 = (int) Math.floor(Math.log10(lo));
            int d1 = (int) Math.ceil(Math.log10(hi));
            if (d1 == d0) {
                d1++;
            }
            List<Double> ticks = new ArrayList<>();
            for (int d = d0; d <= d1; d++) {
                ticks.add(Math.pow(10, d));
                if (d1 - d0 <= 3 && d < d1) {
                    ticks.add(2 * Math.pow(10, d));
                    ticks.add(5 * Math.pow(10, d));
                }
            }
            return new Scale(Math.pow(10, d0), Math.pow(10, d1), true, ticks);
        }

        static double niceStep(double raw) {
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double f = raw / magnitude;
            double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
            return nice * magnitude;
        }

        /** Where a value sits between two pixel positions (first at min, second at max). */
        double toPixel(double v, double atMin, double atMax) {
            double f = log
                    ? (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min))
                    : (v - min) / (max - min);
            return atMin + f * (atMax - atMin);
        }

        String label(double t) {
            if (t == 0) {
                return "0";
            }
            double a = Math.abs(t);
            if (a < 1e-3) {
                return String.format(Locale.ROOT, "%.0e", t).replace("e-0", "e-");
            }
            // Large values with an SI suffix, as plotly labels them (25M, not 25000000).
            String[] suffixes = {"", "k", "M", "G", "T"};
            int k = 0;
            while (a >= 1e4 && k < suffixes.length - 1) {
                t /= 1000;
                a /= 1000;
                k++;
            }
            String s = String.format(Locale.ROOT, "%.4f", t);
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
            return s + suffixes[k];
        }
    }
}
