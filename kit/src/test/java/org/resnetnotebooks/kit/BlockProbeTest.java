package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;

import java.util.List;

import org.junit.jupiter.api.Test;

import tech.tablesaw.api.Table;

class BlockProbeTest {

    private static double std(float[] v) {
        double mean = 0;
        for (float f : v) mean += f;
        mean /= v.length;
        double sq = 0;
        for (float f : v) sq += (f - mean) * (f - mean);
        return Math.sqrt(sq / v.length);
    }

    private static double l2(float[] v) {
        double sq = 0;
        for (float f : v) sq += (double) f * f;
        return Math.sqrt(sq);
    }

    @Test
    void measuresEveryBlockInNetworkOrderWithoutChangingTheOutputOrTheNet() {
        SequentialBlock net = Nets.residual(1, Nets.Shortcut.A_ZERO_PAD);
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            net.initialize(m, DataType.FLOAT32, new Shape(6, 1, 28, 28));
            NDArray x = m.randomNormal(new Shape(6, 1, 28, 28));
            float[] before = NetsTest.run(net, x, false).toFloatArray();
            float[] params = net.getParameters().get(0).getValue().getArray().toFloatArray();

            List<BasicBlock.Response> r = BlockProbe.measure(net, x);

            assertEquals(3, r.size());
            assertEquals(List.of("stage 1, block 1", "stage 2, block 1", "stage 3, block 1"),
                    r.stream().map(BasicBlock.Response::label).toList());
            for (BasicBlock.Response e : r) {
                assertTrue(e.residual());
                assertTrue(e.branchStd() > 0 && e.layer1Std() > 0 && e.inputStd() > 0, e.toString());
                assertTrue(e.branchNorm() > 0 && e.shortcutNorm() > 0, e.toString());
                assertEquals(e.branchNorm() / e.shortcutNorm(), e.relativeBranchNorm(), 1e-12);
            }
            assertArrayEquals(before, NetsTest.run(net, x, false).toFloatArray(), "same output after probing");
            assertArrayEquals(params, net.getParameters().get(0).getValue().getArray().toFloatArray());
            assertTrue(Nets.basicBlocks(net).stream().noneMatch(BasicBlock::isRecording), "recording off again");
            Table t = BlockProbe.table(r);
            assertEquals(3, t.rowCount());
            assertEquals(r.get(1).relativeBranchNorm(), t.doubleColumn("‖F(x)‖ / ‖shortcut‖").get(1), 1e-12);
        }
    }

    @Test
    void aPiecewisePassMeasuresWhatAWholeNetPassMeasures() {
        SequentialBlock net = Nets.residual(2, Nets.Shortcut.A_ZERO_PAD);
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(4);
            net.initialize(m, DataType.FLOAT32, new Shape(5, 1, 28, 28));
            NDArray x = m.randomNormal(new Shape(5, 1, 28, 28));
            BlockProbe.setRecording(net, true);
            NetsTest.run(net, x, false);                    // one pass over the whole net
            List<BasicBlock.Response> whole = BlockProbe.lastResponses(net);
            BlockProbe.setRecording(net, false);
            List<BasicBlock.Response> piecewise = BlockProbe.measure(net, x);
            assertEquals(whole.size(), piecewise.size());
            for (int i = 0; i < whole.size(); i++) {
                assertEquals(whole.get(i).branchNorm(), piecewise.get(i).branchNorm(), 1e-4 * whole.get(i).branchNorm());
                assertEquals(whole.get(i).shortcutNorm(), piecewise.get(i).shortcutNorm(), 1e-4 * whole.get(i).shortcutNorm());
                assertEquals(whole.get(i).branchStd(), piecewise.get(i).branchStd(), 1e-4 * whole.get(i).branchStd());
            }
        }
    }

    @Test
    void recordsTheStdOfEachLayerAfterBatchNormAndTheNormsOfBranchAndShortcut() {
        BasicBlock block = Nets.basicBlock(8, 1, true, Nets.Shortcut.A_ZERO_PAD);
        SequentialBlock net = new SequentialBlock().add(block);
        try (NDManager m = NDManager.newBaseManager()) {
            Shape shape = new Shape(16, 8, 6, 6);
            net.initialize(m, DataType.FLOAT32, shape);
            NDArray x = m.randomNormal(new Shape(16, 8, 6, 6)).mul(3).add(1);
            // Training-mode batch norm normalises each channel over the batch: std ≈ γ = 1 (β = 0).
            BasicBlock.Response r = BlockProbe.measure(net, x, true).get(0);
            assertEquals(1.0, r.layer1Std(), 1e-3);
            assertEquals(1.0, r.branchStd(), 1e-3);
            assertEquals(std(x.toFloatArray()), r.inputStd(), 1e-4);
            assertEquals(l2(x.toFloatArray()), r.shortcutNorm(), 1e-3 * r.shortcutNorm(), "identity shortcut: s(x) = x");
            assertEquals(Math.sqrt(x.size()) * r.branchStd(), r.branchNorm(), 1e-3 * r.branchNorm(), "mean 0: ‖F‖ = sqrt(N)·std");
            // Halve the last γ: F(x) halves, the first layer does not change.
            Parameter gamma = block.lastBatchNorm().getParameters().get("gamma");
            gamma.getArray().muli(0.5f);
            BasicBlock.Response half = BlockProbe.measure(net, x, true).get(0);
            assertEquals(0.5, half.branchStd(), 1e-3);
            assertEquals(1.0, half.layer1Std(), 1e-3);
            block.zeroLastGamma();
            BasicBlock.Response zero = BlockProbe.measure(net, x, true).get(0);
            assertEquals(0.0, zero.branchNorm(), 0.0);
            assertEquals(0.0, zero.relativeBranchNorm(), 0.0);
        }
    }

    @Test
    void recordingCanBeLeftOnDuringTrainingStepsAndReadAfterwards() {
        SequentialBlock net = Nets.plain(1);
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(4, 1, 28, 28));
            BlockProbe.setRecording(net, true);
            assertTrue(BlockProbe.lastResponses(net).stream().allMatch(r -> r == null), "nothing recorded yet");
            NetsTest.run(net, m.randomNormal(new Shape(4, 1, 28, 28)), true);
            List<BasicBlock.Response> r = BlockProbe.lastResponses(net);
            assertEquals(3, r.size());
            for (BasicBlock.Response e : r) {
                assertNotNull(e);
                assertFalse(e.residual());
                assertEquals(1.0, e.branchStd(), 0.02, "training-mode BN with γ = 1");
            }
            BlockProbe.setRecording(net, false);
            assertTrue(BlockProbe.lastResponses(net).stream().allMatch(e -> e == null));
        }
    }

    @Test
    void refusesANetWithoutBasicBlocksOrNotInitialised() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.zeros(new Shape(1, 1, 28, 28));
            assertThrows(IllegalArgumentException.class, () -> BlockProbe.measure(new SequentialBlock(), x));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BlockProbe.measure(Nets.plain(1), x));
            assertTrue(e.getMessage().contains("not initialised"), e.getMessage());
        }
    }
}
