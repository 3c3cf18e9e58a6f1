package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LiveChartTest {

    RecordingSink sink;

    @BeforeEach
    void connect() {
        Charts.resetForTests();
        sink = RecordingSink.install();
    }

    @AfterEach
    void disconnect() {
        Notebook.disconnect();
    }

    @Test
    void firstUpdateShowsLibraryAndChartLaterUpdatesReplaceTheChartOnly() {
        MetricsLog log = new MetricsLog();
        LiveChart chart =
                LiveChart.lines("epoch", List.of("train_loss"), "Loss per epoch", "epoch", "loss (nats)", false);
        assertNull(chart.displayId());
        log.add(1, "train_loss", 2.0);
        String id = chart.update(log.table());
        assertEquals(2, sink.shows().size(), "library output, then chart output");
        assertTrue(sink.shows().get(0).html().contains(Charts.LIBRARY_MARKER));
        assertFalse(sink.shows().get(1).html().contains(Charts.LIBRARY_MARKER));
        assertEquals(sink.shows().get(1).id(), id);

        log.add(2, "train_loss", 1.0);
        log.add(3, "train_loss", 0.5);
        chart.update(log.table());
        chart.update(log.table());
        assertEquals(2, sink.shows().size(), "no new outputs");
        assertEquals(2, sink.updates().size());
        for (RecordingSink.Event e : sink.updates()) {
            assertEquals(id, e.id());
            assertFalse(e.html().contains(Charts.LIBRARY_MARKER), "updates never re-embed plotly.js");
        }
        String y = ChartsTest.traces(sink.updates().get(1).html()).get(0).get("y");
        assertEquals("[2.0, 1.0, 0.5]", java.util.Arrays.toString(ChartsTest.numbers(y)));
        assertEquals(3, chart.renders());
    }

    @Test
    void libraryIsNotShownAgainWhenAChartAlreadyCarriedIt() {
        Charts.show(Charts.lines(ChartsTest.metrics(), "epoch", List.of("train_loss"), "L", "epoch", "loss (nats)"));
        LiveChart chart = new LiveChart(t -> Charts.lines(t, "epoch", List.of("test_loss"), "L", "epoch", "loss (nats)"));
        chart.update(ChartsTest.metrics());
        assertEquals(2, sink.shows().size());
        assertFalse(sink.shows().get(1).html().contains(Charts.LIBRARY_MARKER));
    }
}
