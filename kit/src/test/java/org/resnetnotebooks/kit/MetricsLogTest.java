package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tech.tablesaw.api.Table;

class MetricsLogTest {

    @Test
    void oneRowPerEpochOneColumnPerMetric() {
        MetricsLog log = new MetricsLog();
        Map<String, Double> first = new LinkedHashMap<>();
        first.put("train_loss", 1.5);
        first.put("train_acc", 0.5);
        log.add(1, first);
        log.add(1, "test_acc", 0.55); // same epoch, later call: same row
        log.add(2, Map.of("train_loss", 0.75, "train_acc", 0.7, "test_acc", 0.68));
        Table t = log.table();
        assertEquals(2, t.rowCount());
        assertEquals(List.of("epoch", "train_loss", "train_acc", "test_acc"), t.columnNames());
        assertEquals(List.of(1, 2), t.intColumn("epoch").asList());
        assertEquals(0.55, t.doubleColumn("test_acc").get(0));
        assertEquals(0.75, t.doubleColumn("train_loss").get(1));
        assertEquals(0.68, log.last("test_acc"));
        assertEquals(2, log.size());
        assertEquals(List.of("train_loss", "train_acc", "test_acc"), log.metrics());
    }

    @Test
    void metricsMissingInAnEpochAreNaNAndLastSkipsThem() {
        MetricsLog log = new MetricsLog();
        log.add(1, "train_loss", 2.0);
        log.add(2, "train_loss", 1.0);
        log.add(2, "test_acc", 0.6); // first seen in epoch 2
        log.add(3, "train_loss", 0.5); // no test_acc in epoch 3
        Table t = log.table();
        assertTrue(Double.isNaN(t.doubleColumn("test_acc").getDouble(0)));
        assertTrue(Double.isNaN(t.doubleColumn("test_acc").getDouble(2)));
        assertEquals(0.6, log.last("test_acc"), "latest recorded value");
        assertEquals(0.5, log.last("train_loss"));
    }

    @Test
    void recordedNaNIsKeptAsTheLatestValue() {
        MetricsLog log = new MetricsLog().add(1, "loss", 1.0).add(2, "loss", Double.NaN);
        assertTrue(Double.isNaN(log.last("loss")), "a diverged loss must not be hidden");
    }

    @Test
    void tableIsACopy() {
        MetricsLog log = new MetricsLog().add(1, "loss", 1.0);
        Table t = log.table();
        log.add(2, "loss", 0.5);
        assertEquals(1, t.rowCount());
        assertEquals(2, log.table().rowCount());
    }

    @Test
    void mistakesAreExplained() {
        MetricsLog log = new MetricsLog().add(3, "loss", 1.0);
        IllegalArgumentException back =
                assertThrows(IllegalArgumentException.class, () -> log.add(2, "loss", 0.5));
        assertTrue(back.getMessage().contains("must not go back"), back.getMessage());
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> log.last("accuracy"));
        assertTrue(unknown.getMessage().contains("[loss]"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> log.add(4, "epoch", 1.0));
        MetricsLog empty = new MetricsLog().add(1, "a", 1.0).add(2, "b", 2.0);
        assertEquals(1.0, empty.last("a"));
        assertEquals(0, new MetricsLog().table().rowCount());
    }
}
