package org.resnetnotebooks.kit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a kit chart shows, in plain Java: its kind, titles and numbers.
 *
 * <p>Why: one chart has to reach three kinds of viewer. JupyterLab draws plotly JSON
 * ({@link #plotly()}), also in a notebook that is not trusted; viewers that run no scripts
 * (GitHub, nbconvert without scripts, course platforms) need a picture ({@link ChartPicture});
 * a terminal needs a line of text ({@link #summary()}). All three are made from this one
 * description, which {@link Charts} builds next to the Tablesaw figure it returns.
 */
final class ChartSpec {

    enum Kind { LINES, BARS, HEATMAP }

    /**
     * One line or one bar colour.
     *
     * @param name the legend entry
     * @param x the x values (numbers, or category names for bars)
     * @param y the y values ({@code NaN} where there is no value)
     */
    record Series(String name, List<Object> x, double[] y) {}

    /** Plotly's default colour sequence, so the picture matches the interactive chart. */
    static final String[] COLOURS = {
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
        "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"
    };

    final Kind kind;
    final String title;
    final String xTitle;
    final String yTitle;
    final boolean logY;
    final boolean markers;
    final List<Series> series;
    final double[][] z;
    final List<String> xLabels;
    final List<String> yLabels;

    private ChartSpec(Kind kind, String title, String xTitle, String yTitle, boolean logY, boolean markers,
            List<Series> series, double[][] z, List<String> xLabels, List<String> yLabels) {
        this.kind = kind;
        this.title = Objects.requireNonNull(title);
        this.xTitle = Objects.requireNonNull(xTitle);
        this.yTitle = Objects.requireNonNull(yTitle);
        this.logY = logY;
        this.markers = markers;
        this.series = List.copyOf(series);
        this.z = z;
        this.xLabels = xLabels;
        this.yLabels = yLabels;
    }

    static ChartSpec lines(String title, String xTitle, String yTitle, boolean logY, boolean markers,
            List<Series> series) {
        return new ChartSpec(Kind.LINES, title, xTitle, yTitle, logY, markers, series, null, null, null);
    }

    static ChartSpec bars(String title, String xTitle, String yTitle, List<Series> series) {
        return new ChartSpec(Kind.BARS, title, xTitle, yTitle, false, false, series, null, null, null);
    }

    static ChartSpec heatmap(String title, String xTitle, String yTitle, double[][] z, List<String> xLabels,
            List<String> yLabels) {
        double[][] copy = new double[z.length][];
        for (int i = 0; i < z.length; i++) {
            copy[i] = z[i].clone();
        }
        return new ChartSpec(Kind.HEATMAP, title, xTitle, yTitle, false, false, List.of(), copy,
                List.copyOf(xLabels), List.copyOf(yLabels));
    }

    /** Whether every x value of every series is a number (a numeric x axis). */
    boolean numericX() {
        for (Series s : series) {
            for (Object x : s.x()) {
                if (!(x instanceof Number)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The chart as plotly JSON ({@code data}, {@code layout}, {@code config}), made of maps, lists,
     * strings and numbers only, so that any JSON writer (the kernel's own) can send it.
     *
     * @return the figure for {@code application/vnd.plotly.v1+json}
     */
    Map<String, Object> plotly() {
        List<Object> data = new ArrayList<>();
        Map<String, Object> layout = new LinkedHashMap<>();
        layout.put("title", Map.of("text", title));
        Map<String, Object> xAxis = axis(xTitle);
        Map<String, Object> yAxis = axis(yTitle);
        switch (kind) {
            case LINES -> {
                for (Series s : series) {
                    Map<String, Object> trace = new LinkedHashMap<>();
                    trace.put("type", "scatter");
                    trace.put("mode", markers ? "lines+markers" : "lines");
                    trace.put("name", s.name());
                    trace.put("x", s.x());
                    trace.put("y", numbers(s.y()));
                    data.add(trace);
                }
                if (logY) {
                    yAxis.put("type", "log");
                }
                layout.put("showlegend", true);
            }
            case BARS -> {
                for (Series s : series) {
                    Map<String, Object> trace = new LinkedHashMap<>();
                    trace.put("type", "bar");
                    trace.put("name", s.name());
                    trace.put("x", s.x());
                    trace.put("y", numbers(s.y()));
                    data.add(trace);
                }
                xAxis.put("type", "category");
                layout.put("barmode", "group");
                layout.put("showlegend", true);
            }
            case HEATMAP -> {
                Map<String, Object> trace = new LinkedHashMap<>();
                trace.put("type", "heatmap");
                trace.put("x", xLabels);
                trace.put("y", yLabels);
                List<Object> rows = new ArrayList<>();
                for (double[] row : z) {
                    rows.add(numbers(row));
                }
                trace.put("z", rows);
                trace.put("colorscale", "Viridis");
                data.add(trace);
                xAxis.put("type", "category");
                yAxis.put("type", "category");
                yAxis.put("autorange", "reversed");
                layout.put("margin", Map.of("l", 120, "b", 120));
                layout.put("width", ChartPicture.HEATMAP_WIDTH);
                layout.put("height", ChartPicture.HEATMAP_HEIGHT);
            }
            default -> throw new IllegalStateException("unknown chart kind " + kind);
        }
        layout.put("xaxis", xAxis);
        layout.put("yaxis", yAxis);
        Map<String, Object> figure = new LinkedHashMap<>();
        figure.put("data", data);
        figure.put("layout", layout);
        figure.put("config", Map.of("displaylogo", false, "responsive", true));
        return figure;
    }

    /**
     * One line for text-only front ends: the title and what is drawn.
     *
     * @return e.g. "Chart: Loss per epoch (lines: train_loss, test_loss)"
     */
    String summary() {
        return switch (kind) {
            case LINES, BARS -> "Chart: " + title + " (" + kind.name().toLowerCase(java.util.Locale.ROOT) + ": "
                    + String.join(", ", series.stream().map(Series::name).toList()) + ")";
            case HEATMAP -> "Chart: " + title + " (heatmap, " + yLabels.size() + " x " + xLabels.size() + ")";
        };
    }

    private static Map<String, Object> axis(String title) {
        Map<String, Object> axis = new LinkedHashMap<>();
        axis.put("title", Map.of("text", title));
        return axis;
    }

    /** JSON has no NaN or infinity: such values become null, which plotly leaves as a gap. */
    private static List<Object> numbers(double[] values) {
        List<Object> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(Double.isFinite(v) ? (Object) v : null);
        }
        return out;
    }
}
