package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LiveChartTest {

    RecordingSink sink;

    @BeforeEach
    void connect() {
        PlotlyLibrary.forget();
        sink = RecordingSink.install();
    }

    @AfterEach
    void disconnect() {
        Notebook.disconnect();
    }

    @SuppressWarnings("unchecked")
    static List<Object> firstTraceY(RecordingSink.Event e) {
        Map<String, Object> figure = (Map<String, Object>) e.bundle().get(Charts.PLOTLY_MIME);
        return (List<Object>) ((Map<String, Object>) ((List<Object>) figure.get("data")).get(0)).get("y");
    }

    @Test
    void firstUpdateShowsTheChartLaterUpdatesReplaceIt() {
        MetricsLog log = new MetricsLog();
        LiveChart chart =
                LiveChart.lines("epoch", List.of("train_loss"), "Loss per epoch", "epoch", "loss (nats)", false);
        assertNull(chart.displayId());
        log.add(1, "train_loss", 2.0);
        String id = chart.update(log.table());
        assertEquals(1, sink.shows().size(), "one output: the chart, with no library");
        assertEquals(sink.shows().get(0).id(), id);
        assertTrue(sink.shows().get(0).bundle().containsKey(Charts.PNG_MIME));

        log.add(2, "train_loss", 1.0);
        log.add(3, "train_loss", 0.5);
        chart.update(log.table());
        chart.update(log.table());
        assertEquals(1, sink.shows().size(), "no new outputs");
        assertEquals(2, sink.updates().size());
        for (RecordingSink.Event e : sink.updates()) {
            assertEquals(id, e.id());
            assertTrue(e.bundle().containsKey(Charts.PNG_MIME), "every state carries its picture");
        }
        assertFalse(sink.updates().get(1).bundle().containsKey(Charts.PLOTLY_MIME),
                "while it grows the chart is a picture (a plotly view that was hovered ignores updates)");
        chart.finish();
        assertEquals(3, sink.updates().size());
        assertEquals(List.of(2.0, 1.0, 0.5), firstTraceY(sink.updates().get(2)), "finish: the interactive chart");
        assertEquals(4, chart.renders());
    }

    @Test
    void aFigureOfOnesOwnGetsTheLibraryOnceThenScriptCharts() {
        LiveChart chart = new LiveChart(t -> new tech.tablesaw.plotly.components.Figure(
                tech.tablesaw.plotly.components.Layout.builder().title("own").build(),
                tech.tablesaw.plotly.traces.ScatterTrace.builder(t.numberColumn("epoch"), t.numberColumn("test_loss")).build()));
        chart.update(ChartsTest.metrics());
        chart.update(ChartsTest.metrics());
        assertEquals(2, sink.shows().size(), "library output, then chart output");
        assertTrue(sink.shows().get(0).html().contains(PlotlyLibrary.MARKER));
        assertFalse(sink.shows().get(1).html().contains(PlotlyLibrary.MARKER));
        assertFalse(sink.updates().get(0).html().contains(PlotlyLibrary.MARKER), "updates never re-embed plotly.js");
    }
}
