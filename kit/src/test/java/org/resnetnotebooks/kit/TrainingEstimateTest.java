package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingEstimateTest {

    @Test
    void timesRealStepsAndScalesThem(@TempDir Path dir) throws Exception {
        FashionMnist data = FashionMnist.builder().dataDir(FashionMnistTest.writeDataset(dir, 40, 10, false)).load();
        TrainingEstimate e = TrainingEstimate.measure(Nets.residual(1, Nets.Shortcut.A_ZERO_PAD), data, 8, Device.cpu(), 3);
        assertTrue(e.secondsPerBatch() > 0 && e.secondsPerBatch() < 60, "s/batch " + e.secondsPerBatch());
        // 10 batches of training plus 24 images evaluated at a third of a step per image each.
        double expected = (10 * e.secondsPerBatch() + 24 * e.secondsPerBatch() / 8 / 3) / 60;
        assertEquals(expected, e.minutes(10, 24), 1e-12);
        assertTrue(e.describe(2, 5, 12).startsWith("2 epochs: about "), e.describe(2, 5, 12));
        assertTrue(e.describe(2, 5, 12).contains("timed over 3 batches"));
    }
}
