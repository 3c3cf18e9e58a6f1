package org.resnetnotebooks.kit;

import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.BarTrace;
import tech.tablesaw.plotly.traces.HeatmapTrace;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Tablesaw tables in, charts out that draw everywhere with no network: the chart builders.
 *
 * <p>The helpers {@link #lines}, {@link #bars}, {@link #heatmap} and {@link #confusionMatrix}
 * return a Tablesaw {@link Figure} that also remembers what it shows (a {@link ChartSpec}).
 * {@link #show(Figure)} sends such a chart as one output with three forms of it:
 *
 * <ul>
 *   <li>{@code application/vnd.plotly.v1+json}: the interactive chart. JupyterLab draws it with
 *       the plotly extension (from the {@code plotly} Python package in environment.yml), also
 *       in a notebook that is not trusted, because no script travels in the output;
 *   <li>{@code image/png}: a picture drawn in Java ({@link ChartPicture}), which viewers that run
 *       no scripts show (GitHub, nbconvert, VS Code's preview);
 *   <li>{@code text/plain}: the title and the lines drawn.
 * </ul>
 *
 * <p>A figure built with Tablesaw's own API (not by these helpers) has no such description; it is
 * sent as HTML with a script, the older route, which needs a trusted notebook: {@link
 * PlotlyLibrary} embeds plotly.js once per connection, {@link ChartScript} writes the script that
 * draws the figure, and {@link ChartPage} writes both into a standalone page.
 *
 * <p>The helpers always set a title, axis titles (put the unit in them, e.g. "time (s)") and a
 * legend (a colour bar for heatmaps). tablesaw-jsplot writes titles and trace names HTML-escaped
 * into single-quoted JavaScript strings and does not escape backslashes or line breaks; plotly
 * decodes only a few entities (not {@code &quot;}). The helpers therefore replace double quotes by
 * single ones, backslashes by slashes and line breaks by spaces in labels.
 */
public final class Charts {

    /** The MIME type JupyterLab's plotly extension draws. */
    public static final String PLOTLY_MIME = "application/vnd.plotly.v1+json";

    /** The MIME type of the chart's picture. */
    public static final String PNG_MIME = "image/png";

    /** A Tablesaw figure made by the helpers below, with what it shows. */
    static final class ChartFigure extends Figure {
        final ChartSpec spec;

        ChartFigure(ChartSpec spec, Layout layout, Trace... traces) {
            super(layout, traces);
            this.spec = spec;
        }
    }

    /** Charts with at most this many points per line get markers too. */
    private static final int MARKER_LIMIT = 60;

    private Charts() {}

    /**
     * Shows a figure in the notebook (embedding plotly.js first if needed).
     *
     * <p>Returns nothing on purpose: a value returned by a cell's last statement is printed by the
     * kernel as the cell's result, which would put a display id under every chart.
     *
     * @param figure the figure
     */
    public static void show(Figure figure) {
        if (figure instanceof ChartFigure chart) {
            Notebook.display(bundle(chart.spec));
        } else {
            Notebook.show(html(figure));
        }
    }

    /**
     * The output of a kit chart: plotly JSON, a PNG picture and a line of text.
     *
     * <p>If the picture cannot be drawn (a Java without fonts, say) the chart is still sent, and
     * its text says why there is no picture.
     *
     * @param spec the chart
     * @return one value per MIME type
     */
    static Map<String, Object> bundle(ChartSpec spec) {
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put(PLOTLY_MIME, spec.plotly());
        String text = spec.summary();
        try {
            bundle.put(PNG_MIME, ChartPicture.base64Png(spec));
        } catch (RuntimeException | LinkageError e) {
            text += " [no picture: " + e + "]";
        }
        bundle.put(Notebook.TEXT, text);
        return bundle;
    }

    /**
     * The output for any figure: the three forms of a kit chart, or HTML for another figure.
     *
     * @param figure the figure
     * @return one value per MIME type
     */
    static Map<String, Object> bundleOf(Figure figure) {
        if (figure instanceof ChartFigure chart) {
            return bundle(chart.spec);
        }
        Map<String, Object> html = new LinkedHashMap<>();
        html.put(Notebook.HTML, ChartScript.html(figure));
        return html;
    }

    /**
     * The HTML fragment for a figure: plotly.js (only the first time per connection) plus the
     * chart.
     *
     * @param figure the figure
     * @return the fragment
     */
    public static String html(Figure figure) {
        String chart = ChartScript.html(figure);
        return PlotlyLibrary.claim() ? PlotlyLibrary.html() + chart : chart;
    }

    /**
     * Shows plotly.js now, as an output of its own, unless this connection already has it.
     *
     * <p>Only for figures built with Tablesaw's own API, which are drawn by a script: the charts
     * of this class's helpers need no library in the notebook. By default the first such figure
     * carries the library; calling this first keeps it in an output of its own.
     */
    public static void preload() {
        PlotlyLibrary.ensureShown();
    }

    /**
     * Makes a label safe for tablesaw-jsplot's single-quoted, HTML-escaped strings (see the class
     * comment).
     *
     * @param text the label
     * @return the cleaned label
     */
    static String label(String text) {
        return text.replace('"', '\'')
                .replace('\\', '/')
                .replaceAll("[\\r\\n\\t\\u2028\\u2029]+", " ")
                .strip();
    }

    private static String required(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    "A chart needs a " + what + " (say what is measured and in which unit).");
        }
        return label(value);
    }

    private static Axis axis(String title) {
        return Axis.builder().title(title).build();
    }

    /**
     * Line chart of one or more columns against a column, linear y axis.
     *
     * @param t the table
     * @param xCol the x column (e.g. "epoch")
     * @param yCols the numeric columns to draw, one line each (named after the column)
     * @param title the chart title
     * @param xTitle the x axis title, with unit
     * @param yTitle the y axis title, with unit
     * @return the figure
     */
    public static Figure lines(
            Table t, String xCol, List<String> yCols, String title, String xTitle, String yTitle) {
        return lines(t, xCol, yCols, title, xTitle, yTitle, false);
    }

    /**
     * Line chart of one or more columns against a column.
     *
     * @param t the table
     * @param xCol the x column (e.g. "epoch")
     * @param yCols the numeric columns to draw, one line each (named after the column)
     * @param title the chart title
     * @param xTitle the x axis title, with unit
     * @param yTitle the y axis title, with unit
     * @param logY whether the y axis is logarithmic (for losses spanning decades)
     * @return the figure
     */
    public static Figure lines(Table t, String xCol, List<String> yCols, String title, String xTitle,
            String yTitle, boolean logY) {
        Objects.requireNonNull(t, "table");
        if (yCols == null || yCols.isEmpty()) {
            throw new IllegalArgumentException("lines(...) needs at least one y column.");
        }
        Column<?> x = t.column(xCol);
        ScatterTrace.Mode mode =
                t.rowCount() <= MARKER_LIMIT ? ScatterTrace.Mode.LINE_AND_MARKERS : ScatterTrace.Mode.LINE;
        List<Trace> traces = new ArrayList<>();
        List<ChartSpec.Series> series = new ArrayList<>();
        List<Object> xs = new ArrayList<>();
        for (int i = 0; i < t.rowCount(); i++) {
            xs.add(x instanceof NumericColumn<?> n ? (Object) n.getDouble(i) : x.getString(i));
        }
        for (String yCol : yCols) {
            NumericColumn<?> y = t.numberColumn(yCol);
            traces.add(ScatterTrace.builder(x, y).mode(mode).name(label(yCol)).build());
            series.add(new ChartSpec.Series(label(yCol), xs, y.asDoubleArray()));
        }
        Axis yAxis =
                Axis.builder()
                        .title(required(yTitle, "y axis title"))
                        .type(logY ? Axis.Type.LOG : Axis.Type.LINEAR)
                        .build();
        Layout layout =
                Layout.builder()
                        .title(required(title, "title"))
                        .xAxis(axis(required(xTitle, "x axis title")))
                        .yAxis(yAxis)
                        .showLegend(true)
                        .build();
        ChartSpec spec = ChartSpec.lines(label(title), label(xTitle), label(yTitle), logY,
                mode == ScatterTrace.Mode.LINE_AND_MARKERS, series);
        return new ChartFigure(spec, layout, traces.toArray(new Trace[0]));
    }

    /**
     * Line chart of curves that each have their own x values (e.g. runs that took different
     * times), linear axes.
     *
     * @param curves name → {x values, y values}, one line each, in the map's order
     * @param title the chart title
     * @param xTitle the x axis title, with unit
     * @param yTitle the y axis title, with unit
     * @return the figure
     */
    public static Figure curves(Map<String, double[][]> curves, String title, String xTitle, String yTitle) {
        if (curves == null || curves.isEmpty()) {
            throw new IllegalArgumentException("curves(...) needs at least one curve.");
        }
        List<Trace> traces = new ArrayList<>();
        List<ChartSpec.Series> series = new ArrayList<>();
        boolean markers = true;
        for (Map.Entry<String, double[][]> c : curves.entrySet()) {
            double[] x = c.getValue()[0];
            double[] y = c.getValue()[1];
            if (x.length != y.length) {
                throw new IllegalArgumentException("Curve \"" + c.getKey() + "\" has " + x.length + " x values and "
                        + y.length + " y values.");
            }
            markers &= x.length <= MARKER_LIMIT;
        }
        for (Map.Entry<String, double[][]> c : curves.entrySet()) {
            double[] x = c.getValue()[0];
            traces.add(ScatterTrace.builder(x, c.getValue()[1])
                    .mode(markers ? ScatterTrace.Mode.LINE_AND_MARKERS : ScatterTrace.Mode.LINE)
                    .name(label(c.getKey())).build());
            List<Object> xs = new ArrayList<>();
            for (double v : x) {
                xs.add(v);
            }
            series.add(new ChartSpec.Series(label(c.getKey()), xs, c.getValue()[1]));
        }
        Layout layout = Layout.builder().title(required(title, "title")).xAxis(axis(required(xTitle, "x axis title")))
                .yAxis(axis(required(yTitle, "y axis title"))).showLegend(true).build();
        ChartSpec spec = ChartSpec.lines(label(title), label(xTitle), label(yTitle), false, markers, series);
        return new ChartFigure(spec, layout, traces.toArray(new Trace[0]));
    }

    /**
     * Grouped bar chart: one bar group per row, one bar per value column.
     *
     * @param t the table
     * @param categoryCol the column whose values label the groups (e.g. "model")
     * @param valueCols the numeric columns, one bar colour each (named after the column)
     * @param title the chart title
     * @param xTitle the x axis title
     * @param yTitle the y axis title, with unit
     * @return the figure
     */
    public static Figure bars(Table t, String categoryCol, List<String> valueCols, String title,
            String xTitle, String yTitle) {
        Objects.requireNonNull(t, "table");
        if (valueCols == null || valueCols.isEmpty()) {
            throw new IllegalArgumentException("bars(...) needs at least one value column.");
        }
        Column<?> categories = t.column(categoryCol);
        Object[] x = new Object[t.rowCount()];
        for (int i = 0; i < x.length; i++) {
            x[i] = categories.getString(i);
        }
        List<Trace> traces = new ArrayList<>();
        List<ChartSpec.Series> series = new ArrayList<>();
        for (String valueCol : valueCols) {
            double[] values = t.numberColumn(valueCol).asDoubleArray();
            traces.add(BarTrace.builder(x, values).name(label(valueCol)).build());
            series.add(new ChartSpec.Series(label(valueCol), List.of(x), values));
        }
        Layout layout =
                Layout.builder()
                        .title(required(title, "title"))
                        .xAxis(axis(required(xTitle, "x axis title")))
                        .yAxis(axis(required(yTitle, "y axis title")))
                        .barMode(Layout.BarMode.GROUP)
                        .showLegend(true)
                        .build();
        ChartSpec spec = ChartSpec.bars(label(title), label(xTitle), label(yTitle), series);
        return new ChartFigure(spec, layout, traces.toArray(new Trace[0]));
    }

    /**
     * Heatmap of a table: one row per table row (labelled by {@code rowLabelCol}, first row on
     * top), one column per value column.
     *
     * @param t the table
     * @param rowLabelCol the column that labels the rows
     * @param valueCols the numeric columns, left to right
     * @param title the chart title
     * @param xTitle the x axis title
     * @param yTitle the y axis title
     * @return the figure (its colour bar is the legend)
     */
    public static Figure heatmap(Table t, String rowLabelCol, List<String> valueCols, String title,
            String xTitle, String yTitle) {
        Objects.requireNonNull(t, "table");
        Column<?> rowLabels = t.column(rowLabelCol);
        List<String> ys = new ArrayList<>();
        for (int i = 0; i < t.rowCount(); i++) {
            ys.add(rowLabels.getString(i));
        }
        double[][] z = new double[t.rowCount()][valueCols.size()];
        for (int c = 0; c < valueCols.size(); c++) {
            double[] column = t.numberColumn(valueCols.get(c)).asDoubleArray();
            for (int r = 0; r < column.length; r++) {
                z[r][c] = column[r];
            }
        }
        return heatmap(z, valueCols, ys, title, xTitle, yTitle);
    }

    /**
     * Heatmap of a matrix, first row on top.
     *
     * @param z the values, {@code z[row][column]}
     * @param xLabels the column labels
     * @param yLabels the row labels
     * @param title the chart title
     * @param xTitle the x axis title
     * @param yTitle the y axis title
     * @return the figure (its colour bar is the legend)
     */
    public static Figure heatmap(double[][] z, List<String> xLabels, List<String> yLabels, String title,
            String xTitle, String yTitle) {
        if (z.length != yLabels.size()) {
            throw new IllegalArgumentException(
                    "heatmap: " + z.length + " rows but " + yLabels.size() + " row labels.");
        }
        for (double[] row : z) {
            if (row.length != xLabels.size()) {
                throw new IllegalArgumentException(
                        "heatmap: a row has " + row.length + " values but there are "
                                + xLabels.size() + " column labels.");
            }
        }
        Object[] x = xLabels.stream().map(Charts::label).toArray();
        Object[] y = yLabels.stream().map(Charts::label).toArray();
        Layout layout =
                Layout.builder()
                        .title(required(title, "title"))
                        .xAxis(
                                Axis.builder()
                                        .title(required(xTitle, "x axis title"))
                                        .type(Axis.Type.CATEGORY)
                                        .build())
                        .yAxis(
                                Axis.builder()
                                        .title(required(yTitle, "y axis title"))
                                        .type(Axis.Type.CATEGORY)
                                        .autoRange(Axis.AutoRange.REVERSED)
                                        .build())
                        .margin(
                                tech.tablesaw.plotly.components.Margin.builder()
                                        .left(120)
                                        .bottom(120)
                                        .build())
                        .height(ChartPicture.HEATMAP_HEIGHT)
                        .width(ChartPicture.HEATMAP_WIDTH)
                        .build();
        ChartSpec spec = ChartSpec.heatmap(label(title), label(xTitle), label(yTitle), z,
                xLabels.stream().map(Charts::label).toList(), yLabels.stream().map(Charts::label).toList());
        return new ChartFigure(spec, layout, HeatmapTrace.builder(x, y, z).build());
    }

    /**
     * A confusion matrix: rows are the true classes, columns the predicted ones.
     *
     * @param counts {@code counts[true][predicted]}
     * @param classNames the class names, by class id
     * @param title the chart title
     * @return the figure
     */
    public static Figure confusionMatrix(long[][] counts, List<String> classNames, String title) {
        double[][] z = new double[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            z[i] = new double[counts[i].length];
            for (int j = 0; j < counts[i].length; j++) {
                z[i][j] = counts[i][j];
            }
        }
        return heatmap(
                z,
                classNames,
                classNames,
                title,
                "Predicted class (count of test images)",
                "True class");
    }
}
