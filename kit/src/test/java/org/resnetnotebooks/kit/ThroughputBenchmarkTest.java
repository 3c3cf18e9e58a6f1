package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class ThroughputBenchmarkTest {

    @Test
    void gflopsCountThreeForwardPassesOfTwoFlopsPerMultiplyAdd() {
        // 4 batches of 50 images in 2 s = 100 images/s; 1e6 MACs forward = 6e6 FLOPs per image trained.
        ThroughputBenchmark.Result r = new ThroughputBenchmark.Result("E 1", "cpu()", 8, 50, 4, 2.0, 1_000_000);
        assertEquals(100.0, r.imagesPerSecond(), 1e-9);
        assertEquals(0.6, r.gflops(), 1e-9);
        JsonObject json = JsonParser.parseString(r.toJson()).getAsJsonObject();
        assertEquals(100.0, json.get("images_per_second").getAsDouble(), 1e-9);
        assertEquals(8, json.get("depth").getAsInt());
        assertEquals("E 1", json.get("engine").getAsString());
    }

    @Test
    void measuresARealTrainingRunOfTheSmallestNet(@TempDir Path dir) throws Exception {
        FashionMnist data = FashionMnist.builder().dataDir(FashionMnistTest.writeDataset(dir, 3, 2, false)).load();
        ThroughputBenchmark.Result r = ThroughputBenchmark.measure(data, 1, 8, 1, 3);
        assertEquals(8, r.depth());
        assertEquals(3, r.batches());
        assertTrue(r.seconds() > 0);
        assertTrue(r.imagesPerSecond() > 0);
        assertEquals(Complexity.macs(Nets.residual(1, Nets.Shortcut.A_ZERO_PAD), Nets.FASHION_MNIST_INPUT),
                r.forwardMacsPerImage());
    }

    @Test
    void rejectsAnEmptyRun(@TempDir Path dir) throws Exception {
        FashionMnist data = FashionMnist.builder().dataDir(FashionMnistTest.writeDataset(dir, 3, 2, false)).load();
        assertThrows(IllegalArgumentException.class, () -> ThroughputBenchmark.measure(data, 1, 8, 0, 0));
    }
}
