package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageNetResNetsTest {

    private static final Shape IMAGENET_INPUT = new Shape(1, 3, 224, 224);

    /** Parameter counts of the standard ImageNet models (1000 classes), as every framework reports them. */
    @Test
    void imagenetConfigurationsHaveTheStandardParameterCounts() {
        assertEquals(11_689_512L, Nets.parameterCount(
                ImageNetResNets.resnet18(ImageNetResNets.Stem.IMAGENET, 1000), IMAGENET_INPUT));
        assertEquals(21_797_672L, Nets.parameterCount(
                ImageNetResNets.resnet34(ImageNetResNets.Stem.IMAGENET, 1000), IMAGENET_INPUT));
        assertEquals(25_557_032L, Nets.parameterCount(
                ImageNetResNets.resnet50(ImageNetResNets.Stem.IMAGENET, 1000), IMAGENET_INPUT));
    }

    /** He et al. (2015), Table 1: 1.8, 3.6 and 3.8 billion multiply-adds at 224×224. */
    @Test
    void imagenetMultiplyAddsMatchTheirTable1() {
        assertClose(1.8e9, Complexity.macs(ImageNetResNets.resnet18(ImageNetResNets.Stem.IMAGENET, 1000), IMAGENET_INPUT));
        assertClose(3.6e9, Complexity.macs(ImageNetResNets.resnet34(ImageNetResNets.Stem.IMAGENET, 1000), IMAGENET_INPUT));
        assertClose(3.8e9, Complexity.macs(ImageNetResNets.resnet50(ImageNetResNets.Stem.IMAGENET, 1000), IMAGENET_INPUT));
    }

    private static void assertClose(double paper, long measured) {
        assertTrue(Math.abs(measured - paper) / paper < 0.05, "paper " + paper + ", counted " + measured);
    }

    @Test
    void smallImageStemKeepsResolutionAndOutputsTenScores() {
        SequentialBlock net = ImageNetResNets.resnet50(ImageNetResNets.Stem.SMALL_IMAGES, 10);
        List<Complexity.Row> rows = Complexity.rows(net, new Shape(1, 1, 28, 28));
        assertEquals(new Shape(1, 64, 28, 28), rows.get(0).output());
        assertEquals(new Shape(1, 2048, 4, 4), rows.get(rows.size() - 4).output(), "last bottleneck block");
        assertEquals(new Shape(1, 10), rows.get(rows.size() - 1).output());
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock small = ImageNetResNets.resnet18(ImageNetResNets.Stem.SMALL_IMAGES, 10);
            small.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(2, 1, 28, 28));
            NDArray out = small.forward(new ParameterStore(manager, false),
                    new ai.djl.ndarray.NDList(manager.randomNormal(new Shape(2, 1, 28, 28))), false).head();
            assertEquals(new Shape(2, 10), out.getShape());
        }
    }

    @Test
    void identityBottleneckRefusesAChannelMismatch() {
        try (NDManager manager = NDManager.newBaseManager()) {
            BottleneckBlock block = new BottleneckBlock(16, 1, false);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> block.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 32, 8, 8)));
            assertTrue(e.getMessage().contains("projects = true"), e.getMessage());
        }
    }
}
