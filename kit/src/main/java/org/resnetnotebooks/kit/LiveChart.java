package org.resnetnotebooks.kit;

import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A chart that is redrawn in place, e.g. the loss curves after each epoch.
 *
 * <p>Why: watching the curves grow while a network trains is the point of a training notebook,
 * but a new chart per epoch would fill the notebook. The first {@link #update(Table)} shows the
 * chart; every later one replaces that output's content with {@link Notebook#update}, so the
 * saved notebook keeps the last state, with its picture (see {@link Charts}). For a figure of
 * one's own (not made by {@link Charts}), plotly.js is shown once, as its own output, before the
 * first chart, because replacing an output removes its old scripts.
 *
 * <pre>{@code
 * MetricsLog log = new MetricsLog();
 * LiveChart chart = LiveChart.lines("epoch", List.of("train_loss", "test_loss"),
 *         "Loss per epoch", "epoch", "cross-entropy loss (nats)", false);
 * for (int e = 1; e <= epochs; e++) { ...; log.add(e, "train_loss", l); chart.update(log.table()); }
 * chart.finish();   // the last state as the interactive chart
 * }</pre>
 */
public final class LiveChart {

    private final Function<Table, Figure> render;
    private String id;
    private int renders;
    private Table last;

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
    public static LiveChart lines(String xCol, List<String> yCols, String title, String xTitle, String yTitle,
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
        last = Objects.requireNonNull(table, "table");
        Figure figure = render.apply(table);
        Map<String, Object> bundle = Charts.bundleOf(figure);
        // While it grows, the chart is its picture: JupyterLab's plotly view, once a pointer has
        // turned it interactive, ignores later updates of the same output. finish() hands over.
        bundle.remove(Charts.PLOTLY_MIME);
        show(figure, bundle);
        return id;
    }

    /**
     * Draws the last table once more as the interactive chart (zoom, values on hover); call it
     * when the loop that updates the chart has ended. Does nothing before the first update.
     */
    public synchronized void finish() {
        if (last != null) {
            Figure figure = render.apply(last);
            show(figure, Charts.bundleOf(figure));
        }
    }

    private void show(Figure figure, Map<String, Object> bundle) {
        if (id == null) {
            if (!(figure instanceof Charts.ChartFigure)) {
                PlotlyLibrary.ensureShown();   // a figure of one's own is drawn by a script
            }
            id = Notebook.display(bundle);
        } else {
            Notebook.update(id, bundle);
        }
        renders++;
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
