package org.resnetnotebooks.kit;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.XavierInitializer;

/**
 * The ImageNet-style ResNets of He et al. (2015), Table 1: ResNet-18 and -34 (basic blocks) and
 * ResNet-50 (bottleneck blocks), with four stages of 64/128/256/512 base channels.
 *
 * <p>{@link Stem#IMAGENET} is the paper's stem for 224×224 colour images (7×7 conv, stride 2,
 * then 3×3 max-pool, stride 2). {@link Stem#SMALL_IMAGES} adapts the nets to 28×28 grey
 * Fashion-MNIST: a 3×3 conv with stride 1 and no pooling, so the four stages see 28, 14, 7 and 4
 * pixels instead of 56, 28, 14 and 7. Shortcuts use a 1×1 projection where shapes change
 * (option B, the paper's choice for ImageNet).
 *
 * <p>Why not DJL's {@code ResNetV1}: its ResNet-50 has the same convolutions as this one ({@code
 * DjlSideBySideTest}), but DJL 0.36.0 builds ResNet-18 and -34 from bottleneck units where the
 * paper's Table 1 has basic blocks, and it chooses the stem by the image's height, so notebook 05
 * could not show the ImageNet stem on a small image.
 */
public final class ImageNetResNets {

    /** How the first layers shrink the input. */
    public enum Stem {
        /** 7×7/2 conv + 3×3/2 max-pool, for 224×224 images (the paper). */
        IMAGENET,
        /** 3×3/1 conv, no pooling, for 28×28 images (this series). */
        SMALL_IMAGES
    }

    private ImageNetResNets() {}

    /** @return ResNet-18: [2, 2, 2, 2] basic blocks */
    public static SequentialBlock resnet18(Stem stem, int classes) {
        return build(new int[] {2, 2, 2, 2}, false, stem, classes);
    }

    /** @return ResNet-34: [3, 4, 6, 3] basic blocks */
    public static SequentialBlock resnet34(Stem stem, int classes) {
        return build(new int[] {3, 4, 6, 3}, false, stem, classes);
    }

    /** @return ResNet-50: [3, 4, 6, 3] bottleneck blocks */
    public static SequentialBlock resnet50(Stem stem, int classes) {
        return build(new int[] {3, 4, 6, 3}, true, stem, classes);
    }

    /**
     * Builds a four-stage ResNet.
     *
     * @param blocks blocks per stage
     * @param bottleneck bottleneck blocks (ResNet-50 and deeper) or basic blocks
     * @param stem the first layers
     * @param classes outputs of the final linear layer
     * @return the net
     */
    public static SequentialBlock build(int[] blocks, boolean bottleneck, Stem stem, int classes) {
        if (blocks.length != 4) {
            throw new IllegalArgumentException("ImageNet-style ResNets have 4 stages, got " + blocks.length);
        }
        SequentialBlock net = new SequentialBlock();
        if (stem == Stem.IMAGENET) {
            net.add(BottleneckBlock.conv(64, 7, 2, 3)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
                    .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        } else {
            net.add(BottleneckBlock.conv(64, 3, 1, 1)).add(BatchNorm.builder().build()).add(Activation.reluBlock());
        }
        int channels = 64;
        for (int stage = 0; stage < 4; stage++) {
            int base = 64 << stage;
            for (int b = 0; b < blocks[stage]; b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                if (bottleneck) {
                    int out = BottleneckBlock.EXPANSION * base;
                    net.add(new BottleneckBlock(base, stride, channels != out || stride != 1));
                    channels = out;
                } else {
                    net.add(Nets.basicBlock(base, stride, true, Nets.Shortcut.B_PROJECTION)
                            .setLabel("stage " + (stage + 1) + ", block " + (b + 1)));
                    channels = base;
                }
            }
        }
        net.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(classes).build());
        net.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2),
                Parameter.Type.WEIGHT);
        return net;
    }

    /** @return a short name, e.g. for tables */
    public static String name(int depth) {
        return "ResNet-" + depth;
    }

}
