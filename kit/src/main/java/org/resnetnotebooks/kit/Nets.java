package org.resnetnotebooks.kit;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.List;

/**
 * The CIFAR-style networks of He et al. (2015), section 4.2, for 1×28×28 Fashion-MNIST images.
 *
 * <pre>
 *   3×3 conv, 16 filters → BN → ReLU                                  28×28
 *   stage 1: n basic blocks, 16 filters                               28×28
 *   stage 2: n basic blocks, 32 filters (the first one with stride 2) 14×14
 *   stage 3: n basic blocks, 64 filters (the first one with stride 2)  7×7
 *   global average pooling → 10-way linear layer
 * </pre>
 *
 * <p>That is 6n + 2 layers with weights: n = 3 gives 20 layers, n = 9 gives 56. The
 * {@linkplain #plain(int) plain} and {@linkplain #residual(int, Shortcut) residual} nets have the
 * same layers; the residual one adds shortcuts (He et al. 2015, Fig. 3). Weights start with He
 * initialisation (Gaussian, variance 2 / fan-in), batch norm with γ = 1 and β = 0.
 *
 * <p>Why not DJL's {@code ResNetV1} (in {@code ai.djl.basicmodelzoo}): the notebooks need what it
 * does not build. It has no plain net (notebook 03 compares plain and residual nets of one
 * depth), no option A shortcut (the paper's choice for CIFAR), a projection also at the start of
 * the first stage where the paper keeps the identity, no batch norm and ReLU after the first
 * convolution, and no way to record a block's responses ({@link BlockProbe}); for 32×32 images
 * (CIFAR-10) it builds its ImageNet layout, which has no ResNet-20. Where the two overlap, the
 * 3×3 convolutions of ResNet-20 are the same ({@code DjlSideBySideTest}).
 */
public final class Nets {

    /** One Fashion-MNIST image as the nets expect it: (batch 1, channel 1, 28, 28). */
    public static final Shape FASHION_MNIST_INPUT = new Shape(1, 1, 28, 28);

    /** The number of classes of the last layer. */
    public static final int CLASSES = 10;

    /** What a residual block adds when its input and output shapes differ. */
    public enum Shortcut {
        /**
         * Option A: identity on every second pixel (stride 2), extra channels filled with zeros.
         * No parameters. The paper's choice for its CIFAR-10 nets.
         */
        A_ZERO_PAD,
        /** Option B: a 1×1 convolution with stride 2 and batch norm (a learned projection). */
        B_PROJECTION
    }

    private Nets() {}

    /**
     * The plain net of depth 6n + 2 (no shortcuts).
     *
     * @param n blocks per stage, at least 1
     * @return an uninitialised block; output (batch, 10) class scores
     */
    public static SequentialBlock plain(int n) {
        return build(n, false, null);
    }

    /**
     * The residual net (ResNet) of depth 6n + 2.
     *
     * @param n blocks per stage, at least 1 (3: ResNet-20, 5: ResNet-32, 9: ResNet-56)
     * @param shortcut the shortcut where the shape changes (the paper's CIFAR nets use option A)
     * @return an uninitialised block; output (batch, 10) class scores
     */
    public static SequentialBlock residual(int n, Shortcut shortcut) {
        if (shortcut == null) {
            throw new IllegalArgumentException("a residual net needs a shortcut option: A_ZERO_PAD or B_PROJECTION");
        }
        return build(n, true, shortcut);
    }

    /**
     * One basic block: conv3×3 → BN → ReLU → conv3×3 → BN, then (+ shortcut when residual) → ReLU.
     *
     * @param outChannels filters of both convolutions
     * @param stride 1, or 2 to halve height and width
     * @param residual true for the residual form
     * @param shortcut option A or B for a residual block whose shape changes (null for plain)
     * @return the block
     */
    public static BasicBlock basicBlock(int outChannels, int stride, boolean residual, Shortcut shortcut) {
        return new BasicBlock(outChannels, stride, residual, shortcut);
    }

    /**
     * The depth (layers with weights) of a net with n blocks per stage.
     *
     * @param n blocks per stage
     * @return 6n + 2
     */
    public static int depth(int n) {
        return 6 * n + 2;
    }

    /**
     * The blocks per stage for a depth.
     *
     * @param depth 8, 14, 20, 26, 32, ... (6n + 2)
     * @return n
     * @throws IllegalArgumentException if the depth is not of the form 6n + 2 with n at least 1
     */
    public static int blocksPerStage(int depth) {
        if (depth < 8 || (depth - 2) % 6 != 0) {
            throw new IllegalArgumentException(
                    "These nets have 6n+2 layers (8, 14, 20, 32, 44, 56, 110, ...); " + depth + " is not one.");
        }
        return (depth - 2) / 6;
    }

    private static SequentialBlock build(int n, boolean residual, Shortcut shortcut) {
        if (n < 1) {
            throw new IllegalArgumentException("n (blocks per stage) must be at least 1, got " + n);
        }
        SequentialBlock net = new SequentialBlock();
        net.add(conv3x3(16, 1)).add(BatchNorm.builder().build()).add(Activation.reluBlock());
        int[] filters = {16, 32, 64};
        for (int stage = 0; stage < 3; stage++) {
            for (int b = 0; b < n; b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                net.add(basicBlock(filters[stage], stride, residual, shortcut)
                        .setLabel("stage " + (stage + 1) + ", block " + (b + 1)));
            }
        }
        net.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
        net.add(Linear.builder().setUnits(CLASSES).build());
        // He et al. (2015) initialise as in He et al. (2015b): N(0, 2 / fan-in). (DJL's default
        // for weights too; set here so that the choice is visible and does not depend on it.)
        net.setInitializer(
                new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2),
                Parameter.Type.WEIGHT);
        return net;
    }

    /** A 3×3 convolution with padding 1 and no bias (a batch norm follows it). */
    static Conv2d conv3x3(int filters, int stride) {
        return Conv2d.builder()
                .setKernelShape(new Shape(3, 3))
                .setFilters(filters)
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(1, 1))
                .optBias(false)
                .build();
    }

    /**
     * Counts the trainable numbers of a block (weights, biases, batch-norm γ and β; not the
     * running mean and variance, which are not trained).
     *
     * <p>An uninitialised block is initialised on a throwaway manager for the count and then
     * cleared again (left uninitialised, ready for a trainer). An initialised block is counted
     * as it is and left untouched.
     *
     * @param block the block
     * @param inputShape the input shape, e.g. {@link #FASHION_MNIST_INPUT}
     * @return the number of trainable parameters
     */
    public static long parameterCount(Block block, Shape inputShape) {
        if (block.isInitialized()) {
            return count(block);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            block.initialize(manager, DataType.FLOAT32, inputShape);
            try {
                return count(block);
            } finally {
                block.clear(); // uninitialised again: a trainer will initialise it for real
            }
        }
    }

    private static long count(Block block) {
        long total = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                total += p.getValue().getShape().size();
            }
        }
        return total;
    }

    /**
     * The basic blocks of a net, in the order the input passes through them.
     *
     * @param net a net (or any block that contains basic blocks)
     * @return the basic blocks, possibly none
     */
    public static List<BasicBlock> basicBlocks(Block net) {
        List<BasicBlock> found = new ArrayList<>();
        collect(net, found);
        return found;
    }

    private static void collect(Block block, List<BasicBlock> found) {
        if (block instanceof BasicBlock) {
            found.add((BasicBlock) block);
            return;
        }
        for (Block child : block.getChildren().values()) {
            collect(child, found);
        }
    }
}
