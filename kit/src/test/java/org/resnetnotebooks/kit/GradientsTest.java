package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tech.tablesaw.api.Table;

class GradientsTest {

    @Test
    void normsOfAKnownGradient() {
        // y = w·x + b summed over a batch of 2: dL/dw = x1 + x2 = (4, 6, 8), dL/db = 2.
        Linear linear = Linear.builder().setUnits(1).build();
        try (NDManager m = NDManager.newBaseManager()) {
            linear.initialize(m, DataType.FLOAT32, new Shape(2, 3));
            NDArray x = m.create(new float[] {1, 2, 3, 3, 4, 5}, new Shape(2, 3));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = linear.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
                gc.backward(y.sum());
            }
            LinkedHashMap<String, Double> norms = Gradients.norms(linear);
            assertEquals(List.of("weight", "bias"), new ArrayList<>(norms.keySet()));
            assertEquals(Math.sqrt(16 + 36 + 64), norms.get("weight"), 1e-5);
            assertEquals(2.0, norms.get("bias"), 1e-6);
            Table t = Gradients.table(norms, "‖grad‖");
            assertEquals(2, t.rowCount());
            assertEquals(2.0, t.doubleColumn("‖grad‖").get(1), 1e-6);
        }
    }

    @Test
    void clearMakesASecondBackwardPassReportOnlyItsOwnGradient() {
        // Engine-neutral: MXNet overwrites gradients, PyTorch accumulates; after clear both give 2 * x2.
        Linear linear = Linear.builder().setUnits(1).optBias(false).build();
        try (NDManager m = NDManager.newBaseManager()) {
            linear.initialize(m, DataType.FLOAT32, new Shape(1, 2));
            for (float[] x : new float[][] {{1, 2}, {3, 4}}) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray y = linear.forward(new ParameterStore(m, false), new NDList(m.create(x, new Shape(1, 2))), true)
                            .singletonOrThrow();
                    gc.backward(y.sum().mul(2));
                }
                assertEquals(Math.sqrt(4 * (x[0] * x[0] + x[1] * x[1])), Gradients.norms(linear).get("weight"), 1e-5);
                Gradients.clear(linear);
                assertEquals(0.0, Gradients.norms(linear).get("weight"), 0.0);
            }
        }
    }

    @Test
    void perBlockCombinesTheTwoConvolutionsOfEachBlockInNetworkOrder() {
        SequentialBlock net = Nets.residual(1, Nets.Shortcut.B_PROJECTION);
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            net.initialize(m, DataType.FLOAT32, new Shape(4, 1, 28, 28));
            NDArray x = m.randomNormal(new Shape(4, 1, 28, 28));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = net.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
                gc.backward(y.square().sum());
            }
            LinkedHashMap<String, Double> all = Gradients.norms(net);
            List<String> names = new ArrayList<>(all.keySet());
            assertTrue(names.get(0).startsWith("01Conv2d"), "stem first: " + names.get(0));
            assertTrue(names.get(names.size() - 1).endsWith("Linear_bias"), "classifier last: " + names);
            assertTrue(names.stream().noneMatch(n -> n.contains("running")), "running statistics are not trained");
            assertTrue(all.values().stream().allMatch(v -> v > 0 && Double.isFinite(v)), all.toString());

            Map<String, Double> blocks = Gradients.perBlock(net);
            assertEquals(List.of("stage 1, block 1", "stage 2, block 1", "stage 3, block 1"), new ArrayList<>(blocks.keySet()));
            // Stage 2's block is the 5th child of the net: "05BasicBlock".
            double c1 = all.get("05BasicBlock_01conv1_weight");
            double c2 = all.get("05BasicBlock_03conv2_weight");
            assertEquals(Math.sqrt(c1 * c1 + c2 * c2), blocks.get("stage 2, block 1"), 1e-9);
        }
    }

    @Test
    void saysWhatToDoWithoutABackwardPass() {
        Linear linear = Linear.builder().setUnits(1).build();
        assertThrows(IllegalStateException.class, () -> Gradients.norms(linear));
        assertThrows(IllegalArgumentException.class, () -> Gradients.perBlock(new SequentialBlock()));
    }
}
