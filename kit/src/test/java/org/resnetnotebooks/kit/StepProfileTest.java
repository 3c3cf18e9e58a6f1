package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

class StepProfileTest {

    @Test
    void timesEveryPartOfARealStepOnAnyEngine(@TempDir Path dir) throws Exception {
        FashionMnist data = FashionMnist.builder().dataDir(FashionMnistTest.writeDataset(dir, 3, 2, false)).load();
        StepProfile.PartTimer timer = new StepProfile.PartTimer(() -> { }, null);
        ThroughputBenchmark.measure(data, 1, 8, 1, 2, timer);
        assertEquals(2, timer.steps);
        Map<String, Double> parts = timer.millisPerStep();
        assertTrue(parts.get("forward + loss") > 0 && parts.get("backward") > 0);
        double sum = parts.values().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(timer.stepNanos / 1e6 / timer.steps, sum, 1e-6, "the parts add up to the step");
    }

    @Test
    void timesEveryPartOfARealStepAndCountsTheNetsOperators(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue("MXNet".equals(Engine.getInstance().getEngineName()),
                "MXNet's operator profiler profiles MXNet only");
        FashionMnist data = FashionMnist.builder().dataDir(FashionMnistTest.writeDataset(dir, 3, 2, false)).load();
        MxnetOperatorProfile operators = new MxnetOperatorProfile();
        StepProfile.PartTimer timer = new StepProfile.PartTimer(MxnetOperatorProfile::waitAll, operators);
        ThroughputBenchmark.measure(data, 1, 8, 1, 3, timer);
        Map<String, Map<String, Double>> ops = operators.stopAndCollect(3);

        assertEquals(3, timer.steps, "only the timed steps are counted");
        Map<String, Double> parts = timer.millisPerStep();
        assertEquals(StepProfile.PARTS.length + 1, parts.size());
        for (String part : new String[] {"forward + loss", "backward", "optimizer update"}) {
            assertTrue(parts.get(part) > 0, part + " took no time");
        }
        double sum = parts.values().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(timer.stepNanos / 1e6 / timer.steps, sum, 1e-6, "the parts add up to the step");

        // ResNet-8 (n = 1): the stem and two per block in three stages = 7 convolutions, each
        // followed by a batch norm; every step runs each once forward and once backward.
        assertEquals(7.0, ops.get("Convolution").get("calls_per_step"), 1e-9);
        assertEquals(7.0, ops.get("_backward_Convolution").get("calls_per_step"), 1e-9);
        assertEquals(7.0, ops.get("BatchNorm").get("calls_per_step"), 1e-9);
        assertTrue(ops.get("Convolution").get("ms_per_step") > 0);
    }
}
