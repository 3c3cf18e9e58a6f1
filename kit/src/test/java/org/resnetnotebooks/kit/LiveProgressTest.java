package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LiveProgressTest {

    RecordingSink sink;
    final AtomicLong now = new AtomicLong(1_000_000_000L);

    @BeforeEach
    void connect() {
        sink = RecordingSink.install();
    }

    @AfterEach
    void disconnect() {
        Notebook.disconnect();
    }

    private void advanceMillis(long ms) {
        now.addAndGet(ms * 1_000_000L);
    }

    private LiveProgress progress(long total) {
        return new LiveProgress("Epoch 1", total, now::get, 500);
    }

    @Test
    void showsOnceThenUpdatesTheSameOutputAtMostEveryHalfSecond() {
        LiveProgress p = progress(100);
        assertEquals(1, sink.shows().size());
        assertTrue(sink.shows().get(0).html().contains("Epoch 1: 0/100 (0.0%)"), sink.shows().get(0).html());
        for (int i = 1; i <= 20; i++) {
            advanceMillis(100);
            p.step("loss " + i);
        }
        // 20 steps over 2 s: one update per 0.5 s
        assertEquals(4, sink.updates().size());
        for (RecordingSink.Event e : sink.updates()) {
            assertEquals(p.displayId(), e.id());
        }
        String last = sink.updates().get(3).html();
        assertTrue(last.contains("Epoch 1: 20/100 (20.0%) | elapsed 0:02 | left 0:08</span></div><div>loss 20</div>"), last);
        assertTrue(last.contains("<progress value=\"20\" max=\"100\""), last);
        assertEquals(1, sink.shows().size(), "never a second output");
    }

    @Test
    void lastStepAndFinishAreNeverThrottled() {
        LiveProgress p = progress(3);
        p.step("a");
        p.step("b");
        assertEquals(0, sink.updates().size(), "no time passed: throttled");
        p.step("c");
        assertEquals(1, sink.updates().size(), "the last step always shows");
        assertTrue(sink.updates().get(0).html().contains("3/3 (100.0%)"));
        assertTrue(sink.updates().get(0).html().contains("| done</span></div><div>c</div>"), sink.updates().get(0).html());
        assertTrue(sink.updates().get(0).text().contains("| done\nc"), "plain text keeps the two lines");
        p.finish("train loss 0.31");
        assertEquals(2, sink.updates().size());
        assertTrue(sink.updates().get(1).html().contains("train loss 0.31"));
        p.close();
        assertEquals(2, sink.updates().size(), "close after finish adds nothing");
        assertThrows(IllegalStateException.class, () -> p.step("late"));
    }

    @Test
    void closeForcesTheFinalStateEvenWhenThrottled() {
        try (LiveProgress p = progress(10)) {
            p.step("x <b>");
            assertEquals(0, sink.updates().size());
        }
        assertEquals(1, sink.updates().size());
        String html = sink.updates().get(0).html();
        assertTrue(html.contains("1/10") && html.contains("x &lt;b&gt;"), html);
    }

    @Test
    void updatesThatChangeNothingAreSkipped() {
        LiveProgress p = progress(2);
        p.step("a");
        p.step("b"); // last step: shown
        p.finish(null); // same text, same second: nothing new to show
        assertEquals(1, sink.updates().size());
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> progress(0));
        LiveProgress p = progress(5);
        assertThrows(IllegalArgumentException.class, () -> p.set(6, ""));
        assertThrows(IllegalArgumentException.class, () -> p.set(-1, ""));
    }

    @Test
    void clockFormatsMinutesAndHours() {
        assertEquals("0:00", LiveProgress.clock(0));
        assertEquals("2:05", LiveProgress.clock(125e9));
        assertEquals("1:02:05", LiveProgress.clock(3725e9));
    }

    @Test
    void relabelShowsTheNewPhaseAndTheCallersTextOnItsOwnLine() {
        LiveProgress p = progress(4);
        p.step("loss 0.5");
        p.relabel("epoch 1/2, test evaluation");
        p.set(4, "test evaluation: 100 images");
        String html = sink.updates().get(sink.updates().size() - 1).html();
        assertTrue(html.contains("epoch 1/2, test evaluation: 4/4"), html);
        assertTrue(html.contains("<div>test evaluation: 100 images</div>"), html);
        assertEquals(4, p.total());
    }
}
