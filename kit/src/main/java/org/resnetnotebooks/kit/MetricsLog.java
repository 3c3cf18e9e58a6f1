package org.resnetnotebooks.kit;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Per-epoch metrics (loss, accuracy, time, ...) collected into a Tablesaw table.
 *
 * <p>Why: every training notebook records the same kind of numbers and then charts them, quotes
 * the last one in the prose and records it for the test harness. This keeps one row per epoch
 * and one column per metric, in the order the metrics first appeared; a metric that was not
 * recorded for an epoch is missing (NaN) in that row. Values for the same epoch may come in
 * several calls (training loss first, test accuracy later).
 */
public final class MetricsLog {

    /** The name of the epoch column. */
    public static final String EPOCH = "epoch";

    private final List<Integer> epochs = new ArrayList<>();
    private final Map<String, List<Double>> values = new LinkedHashMap<>();

    /**
     * Records one metric for an epoch.
     *
     * @param epoch the epoch, not smaller than the last one recorded
     * @param metric the metric's name, e.g. "train_loss"
     * @param value the value
     * @return this log
     */
    public synchronized MetricsLog add(int epoch, String metric, double value) {
        return add(epoch, Map.of(metric, value));
    }

    /**
     * Records several metrics for an epoch.
     *
     * @param epoch the epoch, not smaller than the last one recorded
     * @param metrics name to value
     * @return this log
     */
    public synchronized MetricsLog add(int epoch, Map<String, ? extends Number> metrics) {
        Objects.requireNonNull(metrics, "metrics");
        for (String name : metrics.keySet()) {
            if (name == null || name.isBlank() || EPOCH.equals(name)) {
                throw new IllegalArgumentException(
                        "A metric needs a name other than \"" + EPOCH + "\", got \"" + name + "\".");
            }
        }
        int rows = epochs.size();
        if (rows > 0 && epoch < epochs.get(rows - 1)) {
            throw new IllegalArgumentException(
                    "Epoch " + epoch + " comes after epoch " + epochs.get(rows - 1)
                            + " was recorded; epochs must not go back.");
        }
        if (rows == 0 || epoch != epochs.get(rows - 1)) {
            epochs.add(epoch);
            for (List<Double> column : values.values()) {
                column.add(null); // not recorded (yet) for this epoch
            }
        }
        int row = epochs.size() - 1;
        for (Map.Entry<String, ? extends Number> e : metrics.entrySet()) {
            List<Double> column =
                    values.computeIfAbsent(
                            e.getKey(),
                            k -> {
                                List<Double> fresh = new ArrayList<>();
                                for (int i = 0; i < epochs.size(); i++) {
                                    fresh.add(null);
                                }
                                return fresh;
                            });
            column.set(row, Objects.requireNonNull(e.getValue(), e.getKey()).doubleValue());
        }
        return this;
    }

    /**
     * The metrics as a new table: column "epoch", then one double column per metric.
     *
     * @return a copy; later additions do not change it
     */
    public synchronized Table table() {
        Table t = Table.create("metrics");
        t.addColumns(IntColumn.create(EPOCH, epochs.stream().mapToInt(Integer::intValue).toArray()));
        for (Map.Entry<String, List<Double>> e : values.entrySet()) {
            t.addColumns(
                    DoubleColumn.create(
                            e.getKey(),
                            e.getValue().stream()
                                    .mapToDouble(v -> v == null ? Double.NaN : v)
                                    .toArray()));
        }
        return t;
    }

    /**
     * The latest recorded value of a metric.
     *
     * @param metric the metric's name
     * @return its value in the last epoch that recorded it (NaN only if NaN was recorded)
     * @throws IllegalArgumentException if the metric was never recorded
     */
    public synchronized double last(String metric) {
        List<Double> column = values.get(metric);
        if (column == null) {
            throw new IllegalArgumentException(
                    "No metric \"" + metric + "\" was recorded; known metrics: " + values.keySet());
        }
        for (int i = column.size() - 1; i >= 0; i--) {
            if (column.get(i) != null) {
                return column.get(i); // may be NaN if NaN was recorded (a diverged loss)
            }
        }
        throw new IllegalArgumentException("Metric \"" + metric + "\" has no value yet.");
    }

    /**
     * The number of epochs (rows).
     *
     * @return the row count
     */
    public synchronized int size() {
        return epochs.size();
    }

    /**
     * The metric names, in the order they first appeared.
     *
     * @return the names
     */
    public synchronized List<String> metrics() {
        return List.copyOf(values.keySet());
    }
}
