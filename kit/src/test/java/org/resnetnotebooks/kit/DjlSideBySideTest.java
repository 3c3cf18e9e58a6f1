package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.basicmodelzoo.cv.classification.ResNetV1;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.modality.cv.transform.RandomFlipLeftRight;
import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.RandomSampler;
import ai.djl.util.RandomUtils;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Where the kit writes by hand what DJL has, the two side by side: they agree where they overlap,
 * and the tests show what DJL's version lacks (the reason the kit's exists; each class comment
 * says it in words). The optimizer ({@code MomentumSgd} against DJL's {@code Sgd}) and the
 * checkpoints (against {@code SaveModelTrainingListener}) are compared in {@link CheckpointsTest},
 * the schedule ({@code WarmupCosine} against {@code WarmUpTracker} + {@code CosineTracker}) in
 * {@link WarmupCosineTest}.
 */
class DjlSideBySideTest {

    // ------------------------------------------------------------ nets against ResNetV1

    /** The shapes of a net's weight arrays with 4 dimensions (its convolutions), in order. */
    private static List<String> convolutions(Block block, Shape input, NDManager manager) {
        block.initialize(manager, DataType.FLOAT32, input);
        List<String> shapes = new ArrayList<>();
        for (Parameter p : block.getParameters().values()) {
            if (p.getType() == Parameter.Type.WEIGHT && p.getArray().getShape().dimension() == 4) {
                shapes.add(p.getArray().getShape().toString());
            }
        }
        return shapes;
    }

    private static List<String> kernels(List<String> shapes, String kernel) {
        return shapes.stream().filter(s -> s.endsWith(", " + kernel + ")")).toList();
    }

    @Test
    void resnet20OnFashionMnistHasTheSame3x3ConvolutionsAsDjlsButDjlProjectsInTheFirstStage() {
        Shape input = new Shape(1, 1, 28, 28);
        try (NDManager manager = NDManager.newBaseManager()) {
            List<String> kit = convolutions(Nets.residual(3, Nets.Shortcut.B_PROJECTION), input, manager);
            List<String> djl = convolutions(
                    ResNetV1.builder().setImageShape(new Shape(1, 28, 28)).setNumLayers(20).setOutSize(10).build(),
                    input, manager);
            assertEquals(kernels(kit, "3, 3"), kernels(djl, "3, 3"), "stem and 18 block convolutions");
            assertEquals(19, kernels(kit, "3, 3").size());
            // Projections where a stage starts: the paper (and the kit) only where the shape
            // changes; DJL's ResNetV1 also in stage 1, where 16 channels stay 16.
            assertEquals(List.of("(32, 16, 1, 1)", "(64, 32, 1, 1)"), kernels(kit, "1, 1"));
            assertEquals(List.of("(16, 16, 1, 1)", "(32, 16, 1, 1)", "(64, 32, 1, 1)"), kernels(djl, "1, 1"));
        }
    }

    @Test
    void djlsResNetV1HasNoResnet20ForCifar10sImages() {
        // For 32×32 images ResNetV1 builds its ImageNet layout, which has no 20-layer version:
        // the paper's CIFAR-10 net is one the kit has to build itself.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResNetV1.builder().setImageShape(new Shape(3, 32, 32)).setNumLayers(20).setOutSize(10).build());
        assertTrue(e.getMessage().contains("20"), e.getMessage());
    }

    @Test
    void resnet50HasTheSameConvolutionsAsDjlsButDjlsResnet18IsMadeOfBottlenecks() {
        Shape input = new Shape(1, 3, 64, 64);   // above 32 pixels: both build the ImageNet stem
        try (NDManager manager = NDManager.newBaseManager()) {
            List<String> kit50 = convolutions(ImageNetResNets.resnet50(ImageNetResNets.Stem.IMAGENET, 10), input, manager);
            List<String> djl50 = convolutions(
                    ResNetV1.builder().setImageShape(new Shape(3, 64, 64)).setNumLayers(50).setOutSize(10).build(),
                    input, manager);
            assertEquals(kit50.stream().sorted().toList(), djl50.stream().sorted().toList(),
                    "7×7 stem, 16 bottleneck units of 1×1, 3×3, 1×1, 4 projections");
            assertEquals(53, kit50.size());
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            List<String> kit18 = convolutions(ImageNetResNets.resnet18(ImageNetResNets.Stem.IMAGENET, 10), input, manager);
            List<String> djl18 = convolutions(
                    ResNetV1.builder().setImageShape(new Shape(3, 64, 64)).setNumLayers(18).setOutSize(10).build(),
                    input, manager);
            // He et al. (2015), Table 1: ResNet-18 is built of basic blocks (two 3×3 convolutions);
            // its only 1×1 convolutions are the 3 projections. DJL 0.36.0 builds bottleneck units.
            assertEquals(3, kernels(kit18, "1, 1").size());
            assertTrue(kernels(djl18, "1, 1").size() > 3, "DJL's ResNet-18: " + djl18);
        }
    }

    // ------------------------------------------------------------ augmentation against DJL's image transforms

    /**
     * The kit's augmentation of one image, done with DJL's array operations instead: pad with
     * black, crop at (pad + dy, pad + dx), flip left-right, ToTensor (HWC 0..255 to CHW 0..1),
     * Normalize.
     */
    private static float[] withDjl(NDManager m, byte[] chw, int channels, int side, int pad, int dx, int dy,
            boolean mirror, float[] mean, float[] std) {
        NDArray hwc = m.create(ByteBuffer.wrap(chw), new Shape(channels, side, side), DataType.UINT8).transpose(1, 2, 0);
        NDArray padded = m.zeros(new Shape(side + 2L * pad, side + 2L * pad, channels), DataType.UINT8);
        padded.set(new NDIndex(pad + ":" + (pad + side) + "," + pad + ":" + (pad + side) + ",:"), hwc);
        NDArray crop = padded.get(new NDIndex((pad + dy) + ":" + (pad + dy + side) + ","
                + (pad + dx) + ":" + (pad + dx + side) + ",:"));
        NDArray image = mirror ? crop.flip(1) : crop;
        NDArray tensor = NDImageUtils.toTensor(image);
        if (channels != 3 && !"MXNet".equals(Engine.getInstance().getEngineName())) {
            // DJL 0.36.0's normalize on PyTorch builds its mean and std arrays with three channels
            // whatever the image has ("NDArray size is: 3, but buffer size is: 1"), so a
            // one-channel image is normalized with DJL's broadcasting arithmetic instead.
            Shape perChannel = new Shape(channels, 1, 1);
            return tensor.sub(m.create(mean, perChannel)).div(m.create(std, perChannel)).toFloatArray();
        }
        return NDImageUtils.normalize(tensor, mean, std).toFloatArray();
    }

    @Test
    void augmentationAgreesWithDjlsPadCropFlipToTensorAndNormalize() {
        Random random = new Random(5);
        try (NDManager m = NDManager.newBaseManager()) {
            for (int channels : new int[] {1, 3}) {
                int side = 8;
                int pad = 2;
                byte[] raw = new byte[channels * side * side];
                random.nextBytes(raw);
                float[] mean = channels == 1 ? new float[] {0.29f} : new float[] {0.49f, 0.48f, 0.45f};
                float[] std = channels == 1 ? new float[] {0.35f} : new float[] {0.25f, 0.24f, 0.26f};
                for (int trial = 0; trial < 6; trial++) {
                    int dx = random.nextInt(2 * pad + 1) - pad;
                    int dy = random.nextInt(2 * pad + 1) - pad;
                    boolean mirror = trial % 2 == 1;
                    float[] kit = AugmentedImages.augment(raw, channels, side, side, dx, dy, mirror, mean, std);
                    assertArrayEquals(withDjl(m, raw, channels, side, pad, dx, dy, mirror, mean, std), kit, 1e-5f,
                            channels + " channels, shift (" + dx + ", " + dy + "), mirror " + mirror);
                }
            }
        }
    }

    @Test
    void djlsRandomFlipLeftRightReturnsTheImageUnflippedInThisVersion() {
        // It computes array.flip(1) and returns the original array, so no image is ever mirrored
        // (DJL 0.36.0). If this test fails, DJL fixed it: the kit's reason to flip by itself is
        // then only the seeded generator and the speed.
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray image = m.arange(0f, 2 * 3 * 3, 1f).reshape(2, 3, 3);   // HWC, not symmetric
            RandomUtils.RANDOM.setSeed(3);
            for (int i = 0; i < 20; i++) {
                NDArray out = new RandomFlipLeftRight().transform(image);
                assertArrayEquals(image.toFloatArray(), out.toFloatArray());
            }
            assertFalse(java.util.Arrays.equals(image.toFloatArray(), image.flip(1).toFloatArray()));
        }
    }

    // ------------------------------------------------------------ SeededSampler against RandomSampler

    private static long[] djlOrder(ArrayDataset data) {
        Iterator<Long> it = new RandomSampler().sample(data);
        long[] order = new long[(int) data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = it.next();
        }
        assertFalse(it.hasNext());
        return order;
    }

    private static boolean isPermutation(long[] order) {
        long[] sorted = order.clone();
        java.util.Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] != i) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasFixedPoint(long[] order) {
        for (int i = 0; i < order.length; i++) {
            if (order[i] == i) {
                return true;
            }
        }
        return false;
    }

    @Test
    void bothSamplersGiveEveryIndexOnceAnEpochButDjlsDependsOnEveryOtherDraw() {
        try (NDManager m = NDManager.newBaseManager()) {
            ArrayDataset data = new ArrayDataset.Builder().setData(m.arange(6f).reshape(6, 1))
                    .setSampling(1, false).build();
            boolean djlKeptOneInPlace = false;
            boolean kitKeptOneInPlace = false;
            SeededSampler kit = new SeededSampler(9);
            RandomUtils.RANDOM.setSeed(9);
            for (int epoch = 0; epoch < 200; epoch++) {
                long[] djl = djlOrder(data);
                long[] ours = kit.permutation(6);
                assertTrue(isPermutation(djl) && isPermutation(ours), "every index once per epoch");
                djlKeptOneInPlace |= hasFixedPoint(djl);
                kitKeptOneInPlace |= hasFixedPoint(ours);
            }
            // A uniform shuffle leaves some index where it was about 2 times in 3 (for 6 items).
            // DJL's swaps position i only with an earlier one (Sattolo's algorithm): it never does.
            assertTrue(kitKeptOneInPlace);
            assertFalse(djlKeptOneInPlace, "DJL's RandomSampler left an index in place: revisit SeededSampler's comment");

            // The same seed, but one more random number drawn elsewhere (say, by weight
            // initialisation) before the epoch: DJL's order changes, the kit's does not.
            RandomUtils.RANDOM.setSeed(42);
            long[] djlFirst = djlOrder(data);
            RandomUtils.RANDOM.setSeed(42);
            RandomUtils.RANDOM.nextInt();
            long[] djlAfterADraw = djlOrder(data);
            assertFalse(java.util.Arrays.equals(djlFirst, djlAfterADraw));
            long[] kitFirst = new SeededSampler(42).permutation(6);
            RandomUtils.RANDOM.nextInt();
            assertArrayEquals(kitFirst, new SeededSampler(42).permutation(6));
        }
    }
}
