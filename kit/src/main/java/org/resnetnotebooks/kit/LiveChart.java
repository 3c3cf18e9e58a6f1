package org.resnetnotebooks.kit;

import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A chart that is redrawn in place, e.g. the loss curves after each epoch.
 *
 * <p>Why: watching the curves grow while a network trains is the point of a training notebook,
 * but a new chart per epoch would fill the notebook. The first {@link #update(Table)} shows the
 * chart; every later one replaces that output's content with {@link Notebook#update}. Replacing
 * an output removes its old scripts, so plotly.js is never part of this output: it is shown
 * once, as its own output, before the first chart (if this connection has not shown it yet), and
 * updates carry only the chart.
 *
 * <pre>{@code
 * MetricsLog log = new MetricsLog();
 * LiveChart chart = LiveChart.lines("epoch", List.of("train_loss", "test_loss"),
 *         "Loss per epoch", "epoch", "cross-entropy loss (nats)", false);
 * for (int e = 1; e <= epochs; e++) { ...; log.add(e, "train_loss", l); chart.update(log.table()); }
 * }</pre>
 */
public final class LiveChart {

    private final Function<Table, Figure> render;
    private String id;
    private int renders;

    /**
     * A live chart drawn by any function of the table.
     *
     * @param render turns the current table into a figure (e.g. with {@link Charts})
     */
    public LiveChart(Function<Table, Figure> render) {
        this.render = Objects.requireNonNull(render, "render");
    }

    /**
     * A live line chart; see {@link Charts#lines(Table, String, List, String, String, String,
     * boolean)}.
     *
     * @param xCol the x column
     * @param yCols the y columns
     * @param title the title
     * @param xTitle the x axis title, with unit
     * @param yTitle the y axis title, with unit
     * @param logY whether the y axis is logarithmic
     * @return the live chart (nothing shown until the first update)
     */
    public static LiveChart lines(
            String xCol,
            List<String> yCols,
            String title,
            String xTitle,
            String yTitle,
            boolean logY) {
        List<String> ys = List.copyOf(yCols);
        return new LiveChart(t -> Charts.lines(t, xCol, ys, title, xTitle, yTitle, logY));
    }

    /**
     * Draws the table: shows the chart the first time, replaces it afterwards.
     *
     * @param table the current data
     * @return the display id of the chart
     */
    public synchronized String update(Table table) {
        String html = Charts.chartHtml(render.apply(Objects.requireNonNull(table, "table")));
        if (id == null) {
            Charts.ensureLibraryShown();
            id = Notebook.display(html);
        } else {
            Notebook.update(id, html);
        }
        renders++;
        return id;
    }

    /**
     * How many times the chart was drawn.
     *
     * @return the number of {@link #update(Table)} calls
     */
    public synchronized int renders() {
        return renders;
    }

    /**
     * The chart's display id.
     *
     * @return the id, or {@code null} before the first update
     */
    public synchronized String displayId() {
        return id;
    }
}
