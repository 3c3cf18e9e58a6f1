package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import java.util.List;

import org.junit.jupiter.api.Test;

class NetsTest {

    /** The ResNet-20 count, worked out by hand for 1-channel input (no conv biases):
     *  stem 9·16 + BN 32; stage 1: 6 convs 9·16·16 + 6 BN·32; stage 2: 9·16·32 + 5·9·32·32 + 6 BN·64;
     *  stage 3: 9·32·64 + 5·9·64·64 + 6 BN·128; linear 64·10 + 10. */
    static final long RESNET20 = 144 + 32 + 6 * 2304 + 6 * 32 + 4608 + 5 * 9216 + 6 * 64
            + 18432 + 5 * 36864 + 6 * 128 + 650;

    @Test
    void resnet20OptionAHas0_27MillionParametersAsInTable6() {
        long count = Nets.parameterCount(Nets.residual(3, Nets.Shortcut.A_ZERO_PAD), Nets.FASHION_MNIST_INPUT);
        assertEquals(269_434, RESNET20);
        assertEquals(RESNET20, count);
        assertEquals(0.27, Math.round(count / 1e4) / 100.0, 1e-12, "He et al. 2015 Table 6: 0.27 M");
    }

    @Test
    void resnet56OptionAHas0_85MillionParameters() {
        long count = Nets.parameterCount(Nets.residual(9, Nets.Shortcut.A_ZERO_PAD), Nets.FASHION_MNIST_INPUT);
        assertEquals(852_730, count);
        assertEquals(0.85, Math.round(count / 1e4) / 100.0, 1e-12, "He et al. 2015 Table 6: 0.85 M");
    }

    @Test
    void plainNetHasExactlyTheParametersOfTheOptionAResNet() {
        for (int n : new int[] {1, 3}) {
            assertEquals(
                    Nets.parameterCount(Nets.residual(n, Nets.Shortcut.A_ZERO_PAD), Nets.FASHION_MNIST_INPUT),
                    Nets.parameterCount(Nets.plain(n), Nets.FASHION_MNIST_INPUT));
        }
    }

    @Test
    void optionBAddsOnlyTheTwoProjections() {
        // 1x1 conv 16->32 + BN(32) and 1x1 conv 32->64 + BN(64), whatever the depth.
        long projections = 16 * 32 + 2 * 32 + 32 * 64 + 2 * 64;
        for (int n : new int[] {1, 3}) {
            long a = Nets.parameterCount(Nets.residual(n, Nets.Shortcut.A_ZERO_PAD), Nets.FASHION_MNIST_INPUT);
            long b = Nets.parameterCount(Nets.residual(n, Nets.Shortcut.B_PROJECTION), Nets.FASHION_MNIST_INPUT);
            assertEquals(projections, b - a);
        }
        assertNull(Nets.basicBlock(32, 2, true, Nets.Shortcut.A_ZERO_PAD).projection());
        assertNotNull(Nets.basicBlock(32, 2, true, Nets.Shortcut.B_PROJECTION).projection());
        assertNull(Nets.basicBlock(32, 1, true, Nets.Shortcut.B_PROJECTION).projection(), "identity where shapes match");
    }

    @Test
    void depthIsSixNPlusTwoWithThreeStagesOfNBlocks() {
        assertEquals(20, Nets.depth(3));
        assertEquals(9, Nets.blocksPerStage(56));
        assertThrows(IllegalArgumentException.class, () -> Nets.blocksPerStage(18));
        assertThrows(IllegalArgumentException.class, () -> Nets.plain(0));
        assertThrows(IllegalArgumentException.class, () -> Nets.residual(1, null));
        List<BasicBlock> blocks = Nets.basicBlocks(Nets.residual(2, Nets.Shortcut.A_ZERO_PAD));
        assertEquals(6, blocks.size());
        assertEquals("stage 1, block 1", blocks.get(0).label());
        assertEquals("stage 3, block 2", blocks.get(5).label());
        int[] strides = blocks.stream().mapToInt(BasicBlock::stride).toArray();
        assertArrayEquals(new int[] {1, 1, 2, 1, 2, 1}, strides);
        int[] filters = blocks.stream().mapToInt(BasicBlock::outChannels).toArray();
        assertArrayEquals(new int[] {16, 16, 32, 32, 64, 64}, filters);
        assertTrue(blocks.stream().allMatch(BasicBlock::isResidual));
        assertTrue(Nets.basicBlocks(Nets.plain(2)).stream().noneMatch(BasicBlock::isResidual));
    }

    @Test
    void everyKindMapsABatchOfImagesToTenScores() {
        Block[] nets = {Nets.plain(1), Nets.residual(1, Nets.Shortcut.A_ZERO_PAD), Nets.residual(1, Nets.Shortcut.B_PROJECTION)};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(5, 1, 28, 28));
            for (Block net : nets) {
                net.initialize(m, DataType.FLOAT32, new Shape(5, 1, 28, 28));
                assertArrayEquals(new Shape[] {new Shape(5, 10)}, net.getOutputShapes(new Shape[] {new Shape(5, 1, 28, 28)}));
                for (boolean training : new boolean[] {true, false}) {
                    NDArray y = run(net, x, training);
                    assertEquals(new Shape(5, 10), y.getShape());
                    for (float v : y.toFloatArray()) {
                        assertTrue(Float.isFinite(v));
                    }
                }
            }
        }
    }

    @Test
    void stagesHalveTheMapAndDoubleTheChannels() {
        SequentialBlock net = Nets.residual(1, Nets.Shortcut.A_ZERO_PAD);
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(2, 1, 28, 28));
            List<BasicBlock> blocks = Nets.basicBlocks(net);
            assertEquals(new Shape(2, 16, 28, 28), blocks.get(0).getOutputShapes(new Shape[] {new Shape(2, 16, 28, 28)})[0]);
            assertEquals(new Shape(2, 32, 14, 14), blocks.get(1).getOutputShapes(new Shape[] {new Shape(2, 16, 28, 28)})[0]);
            assertEquals(new Shape(2, 64, 7, 7), blocks.get(2).getOutputShapes(new Shape[] {new Shape(2, 32, 14, 14)})[0]);
        }
    }

    /** A forward pass; MXNet runs batch norm in training mode only inside a GradientCollector. */
    static NDArray run(Block block, NDArray x, boolean training) {
        ParameterStore ps = new ParameterStore(x.getManager(), false);
        if (!training) {
            return block.forward(ps, new NDList(x), false).singletonOrThrow();
        }
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            return block.forward(ps, new NDList(x), true).singletonOrThrow();
        }
    }

    private static double maxAbsDiff(NDArray a, NDArray b) {
        float[] x = a.toFloatArray();
        float[] y = b.toFloatArray();
        assertEquals(x.length, y.length);
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs(x[i] - y[i]));
        }
        return max;
    }

    @Test
    void residualBlockWithZeroLastGammaIsExactlyReluOfItsInput() {
        BasicBlock block = Nets.basicBlock(16, 1, true, Nets.Shortcut.A_ZERO_PAD);
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            Shape shape = new Shape(8, 16, 7, 7);
            block.initialize(m, DataType.FLOAT32, shape);
            NDArray x = m.randomNormal(shape);
            NDArray before = run(block, x, true);
            assertTrue(maxAbsDiff(before, Activation.relu(x)) > 0.1, "a fresh block is not the identity");
            block.zeroLastGamma();
            for (boolean training : new boolean[] {true, false}) {
                NDArray h = run(block, x, training);
                assertTrue(maxAbsDiff(h, Activation.relu(x)) < 1e-6, "H(x) = ReLU(0 + x)");
            }
        }
    }

    @Test
    void optionAShortcutSubsamplesAndPadsWithZeroChannels() {
        BasicBlock block = Nets.basicBlock(32, 2, true, Nets.Shortcut.A_ZERO_PAD);
        block.zeroLastGamma(); // before initialisation: sets the initializer
        try (NDManager m = NDManager.newBaseManager()) {
            Shape shape = new Shape(3, 16, 14, 14);
            block.initialize(m, DataType.FLOAT32, shape);
            NDArray x = m.randomNormal(shape);
            NDArray h = run(block, x, true);
            assertEquals(new Shape(3, 32, 7, 7), h.getShape());
            NDArray expectedFirst = Activation.relu(x.get(new NDIndex(":, :, ::2, ::2")));
            assertTrue(maxAbsDiff(h.get(new NDIndex(":, :16")), expectedFirst) < 1e-6, "channels 0-15: x at even pixels");
            assertEquals(0.0, h.get(new NDIndex(":, 16:")).abs().max().getFloat(), "channels 16-31: zeros");
            assertEquals(0, Nets.parameterCount(block, shape) - Nets.parameterCount(Nets.basicBlock(32, 2, false, null), shape),
                    "option A adds no parameters");
        }
    }

    @Test
    void plainBlockWithZeroLastGammaOutputsZeroNotItsInput() {
        BasicBlock block = Nets.basicBlock(16, 1, false, null);
        try (NDManager m = NDManager.newBaseManager()) {
            Shape shape = new Shape(4, 16, 5, 5);
            block.initialize(m, DataType.FLOAT32, shape);
            block.zeroLastGamma();
            NDArray h = run(block, m.randomNormal(shape), true);
            assertEquals(0.0, h.abs().max().getFloat(), "no shortcut: ReLU(β) = ReLU(0) = 0");
        }
    }

    @Test
    void gradientsFlowThroughTheZeroPaddingShortcut() {
        BasicBlock block = Nets.basicBlock(32, 2, true, Nets.Shortcut.A_ZERO_PAD);
        block.zeroLastGamma();
        try (NDManager m = NDManager.newBaseManager()) {
            Shape shape = new Shape(2, 16, 6, 6);
            block.initialize(m, DataType.FLOAT32, shape);
            NDArray x = m.randomNormal(shape);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray h = block.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
                gc.backward(h.sum());
            }
            // H = relu(subsample(x)) on the first 16 channels: dH/dx = 1 where x > 0 at even pixels, else 0.
            NDArray expected = x.gt(0).toType(DataType.FLOAT32, false);
            NDArray mask = m.zeros(shape);
            mask.set(new NDIndex(":, :, ::2, ::2"), 1f);
            assertTrue(maxAbsDiff(x.getGradient(), expected.mul(mask)) < 1e-6);
        }
    }

    @Test
    void parameterCountLeavesAFreshNetReadyForATrainerAndATrainedNetUntouched() {
        SequentialBlock net = Nets.residual(1, Nets.Shortcut.A_ZERO_PAD);
        long count = Nets.parameterCount(net, Nets.FASHION_MNIST_INPUT);
        assertFalse(net.isInitialized(), "cleared after counting");
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(2, 1, 28, 28));
            NDArray w = net.getParameters().get(0).getValue().getArray();
            float[] before = w.toFloatArray();
            assertEquals(count, Nets.parameterCount(net, Nets.FASHION_MNIST_INPUT));
            assertTrue(net.isInitialized());
            assertArrayEquals(before, net.getParameters().get(0).getValue().getArray().toFloatArray());
        }
    }

    @Test
    void optionBOnAStrideOneChannelChangeIsRefusedWithAClearMessage() {
        BasicBlock block = Nets.basicBlock(32, 1, true, Nets.Shortcut.B_PROJECTION);
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> block.initialize(m, DataType.FLOAT32, new Shape(1, 16, 8, 8)));
            assertTrue(e.getMessage().contains("stride 2"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Nets.basicBlock(16, 3, false, null));
    }
}
