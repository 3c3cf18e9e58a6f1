package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AugmentedImagesTest {

    @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp;

    private static byte[] ramp() {
        byte[] raw = new byte[28 * 28];
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                raw[r * 28 + c] = (byte) (c * 9 + (r % 2));
            }
        }
        return raw;
    }

    @Test
    void noShiftNoFlipIsPlainNormalisation() {
        float[] out = AugmentedImages.augment(ramp(), 0, 0, false, 0.5f, 0.25f);
        assertEquals(((27 * 9 + 1) / 255f - 0.5f) / 0.25f, out[1 * 28 + 27], 1e-5);
    }

    @Test
    void mirrorReversesEachRow() {
        float[] plain = AugmentedImages.augment(ramp(), 0, 0, false, 0f, 1f);
        float[] mirrored = AugmentedImages.augment(ramp(), 0, 0, true, 0f, 1f);
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                assertEquals(plain[r * 28 + 27 - c], mirrored[r * 28 + c], 0f);
            }
        }
    }

    @Test
    void shiftMovesTheImageAndFillsWithBlack() {
        float mean = 0.3f, std = 0.4f;
        float[] plain = AugmentedImages.augment(ramp(), 0, 0, false, mean, std);
        float[] shifted = AugmentedImages.augment(ramp(), 3, -2, false, mean, std);
        // output (r, c) = input (r - 2, c + 3)
        assertEquals(plain[5 * 28 + 10], shifted[7 * 28 + 7], 1e-6);
        float black = -mean / std;
        assertEquals(black, shifted[0], 1e-6, "rows shifted in from above are black");
        assertEquals(black, shifted[10 * 28 + 27], 1e-6, "columns shifted in from the right are black");
    }

    @Test
    void batchesCoverEveryImageOnceAndRepeatWithTheSeed() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("aug");
        java.nio.file.Path dataDir = FashionMnistTest.writeDataset(dir, 10, 5, false);
        FashionMnist data = FashionMnist.builder().dataDir(dataDir).load();
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            float[] first = null;
            for (int run = 0; run < 2; run++) {
                java.util.List<Float> labels = new java.util.ArrayList<>();
                float[] pixels = null;
                for (ai.djl.training.dataset.Batch b : AugmentedImages.of(data, 4, true, 4, true, 99).getData(m)) {
                    for (float l : b.getLabels().head().toFloatArray()) labels.add(l);
                    if (pixels == null) pixels = b.getData().head().toFloatArray();
                    assertEquals(4, b.getData().head().getShape().dimension());
                    b.close();
                }
                assertEquals(data.size(), labels.size(), "one pass covers every image once");
                if (run == 0) first = pixels; else org.junit.jupiter.api.Assertions.assertArrayEquals(first, pixels);
            }
        }
    }

    // ---- colour images (CIFAR-10: 3 channels of 32x32) ----

    static final float[] MEAN3 = {0.5f, 0.4f, 0.3f};
    static final float[] STD3 = {0.25f, 0.2f, 0.125f};

    /** Pixel (channel, row, column) of the test image: differs between channels, rows and columns. */
    private static int colour(int ch, int r, int c) {
        return (ch * 85 + r * 7 + c * 3) % 256;
    }

    private static byte[] colourImage() {
        byte[] raw = new byte[3 * 32 * 32];
        for (int ch = 0; ch < 3; ch++) {
            for (int r = 0; r < 32; r++) {
                for (int c = 0; c < 32; c++) {
                    raw[ch * 1024 + r * 32 + c] = (byte) colour(ch, r, c);
                }
            }
        }
        return raw;
    }

    private static float normalised(int value, int ch) {
        return (value / 255f - MEAN3[ch]) / STD3[ch];
    }

    @Test
    void colourImageIsCroppedAndFlippedAsAWholeAndNormalisedPerChannel() {
        byte[] raw = colourImage();
        for (boolean mirror : new boolean[] {false, true}) {
            for (int[] shift : new int[][] {{0, 0}, {3, -2}, {-4, 4}, {1, 0}}) {
                int dx = shift[0], dy = shift[1];
                float[] out = AugmentedImages.augment(raw, 3, 32, 32, dx, dy, mirror, MEAN3, STD3);
                assertEquals(3 * 32 * 32, out.length);
                for (int ch = 0; ch < 3; ch++) {
                    for (int r = 0; r < 32; r++) {
                        for (int c = 0; c < 32; c++) {
                            int sr = r + dy;
                            int sc = (mirror ? 31 - c : c) + dx;
                            float expected = sr < 0 || sr >= 32 || sc < 0 || sc >= 32
                                    ? -MEAN3[ch] / STD3[ch]
                                    : normalised(colour(ch, sr, sc), ch);
                            assertEquals(expected, out[ch * 1024 + r * 32 + c], 1e-5,
                                    "channel " + ch + ", row " + r + ", column " + c + ", shift " + dx + "," + dy
                                            + (mirror ? ", mirrored" : ""));
                        }
                    }
                }
            }
        }
        // The same positions by hand: dx = 3, dy = -2, mirrored.
        float[] out = AugmentedImages.augment(raw, 3, 32, 32, 3, -2, true, MEAN3, STD3);
        // channel 2, row 7, column 10 comes from row 5, column (31 - 10) + 3 = 24 of channel 2
        assertEquals(normalised((2 * 85 + 5 * 7 + 24 * 3) % 256, 2), out[2 * 1024 + 7 * 32 + 10], 1e-6);
        // channel 1, row 7, column 0 would come from column 34: outside, so black in channel 1
        assertEquals(-MEAN3[1] / STD3[1], out[1024 + 7 * 32], 1e-6);
        // channel 0, row 1 would come from row -1: black in channel 0 (not channel 1's black)
        assertEquals(-MEAN3[0] / STD3[0], out[32 + 5], 1e-6);
        // channel 0, row 2, column 28 comes from row 0, column 3 + 3 = 6
        assertEquals(normalised(colour(0, 0, 6), 0), out[2 * 32 + 28], 1e-6);
    }

    @Test
    void fashionMnistAugmentationIsTheOneChannelCase() {
        float[] old = AugmentedImages.augment(ramp(), 2, -3, true, 0.3f, 0.4f);
        float[] general = AugmentedImages.augment(ramp(), 1, 28, 28, 2, -3, true, new float[] {0.3f}, new float[] {0.4f});
        org.junit.jupiter.api.Assertions.assertArrayEquals(old, general, 0f);
    }

    @Test
    void padMustBeSmallerThanTheImage() throws Exception {
        java.nio.file.Path data = Cifar10Test.writeDataset(tmp.resolve("cifar-10"), true);
        DataFolder.clearCaches();
        Cifar10 cifar = Cifar10.builder().dataDir(data).load();
        AugmentedImages.of(cifar, 4, true, 31, true, 1); // fine: 31 < 32
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> AugmentedImages.of(cifar, 4, true, 32, true, 1));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("pad < 32"), e.getMessage());
    }

    @Test
    void cifarBatchesHoldAugmentedCopiesOfTheImages() throws Exception {
        java.nio.file.Path data = Cifar10Test.writeDataset(tmp.resolve("cifar-10"), true);
        DataFolder.clearCaches();
        Cifar10 cifar = Cifar10.builder().dataDir(data).load();
        float[] mean = cifar.channelMean();
        float[] std = cifar.channelStd();
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            // Without augmentation or shuffling: the normalised images in file order.
            ai.djl.training.dataset.Batch plain = AugmentedImages.of(cifar, 8, false, 0, false, 1).getData(m).iterator().next();
            assertEquals(new ai.djl.ndarray.types.Shape(8, 3, 32, 32), plain.getData().head().getShape());
            float[] xs = plain.getData().head().toFloatArray();
            float[] ys = plain.getLabels().head().toFloatArray();
            for (int i = 0; i < 8; i++) {
                assertEquals(cifar.label(i), ys[i], 0f);
                for (int ch = 0; ch < 3; ch++) {
                    for (int q = 0; q < 1024; q++) {
                        float expected = (Cifar10Test.pixel(0, i, ch, q) / 255f - Cifar10Test.MEAN[ch]) / Cifar10Test.STD[ch];
                        assertEquals(expected, xs[i * 3072 + ch * 1024 + q], 1e-5, "item " + i + " channel " + ch + " pixel " + q);
                    }
                }
            }
            plain.close();

            // With augmentation: every image once per pass, each a crop and maybe a flip of an
            // image of its class, the same pass again with the same seed.
            java.util.List<Float> first = null;
            for (int run = 0; run < 2; run++) {
                AugmentedImages augmented = AugmentedImages.of(cifar, 16, true, 4, true, 5);
                assertEquals(7, augmented.batchesPerPass());
                java.util.List<Float> labels = new java.util.ArrayList<>();
                boolean checkedImages = false;
                for (ai.djl.training.dataset.Batch b : augmented.getData(m)) {
                    ai.djl.ndarray.types.Shape shape = b.getData().head().getShape();
                    assertEquals(3, shape.get(1));
                    assertEquals(32, shape.get(2));
                    assertEquals(32, shape.get(3));
                    float[] bx = b.getData().head().toFloatArray();
                    float[] by = b.getLabels().head().toFloatArray();
                    for (float l : by) labels.add(l);
                    if (!checkedImages) {
                        for (int k = 0; k < by.length; k++) {
                            float[] image = java.util.Arrays.copyOfRange(bx, k * 3072, (k + 1) * 3072);
                            assertTrue(isAugmentedCopy(cifar, (int) by[k], image, mean, std),
                                    "batch image " + k + " is no crop or flip of an image of class " + (int) by[k]);
                        }
                        checkedImages = true;
                    }
                    b.close();
                }
                assertEquals(100, labels.size(), "one pass covers every image once");
                java.util.List<Float> sorted = new java.util.ArrayList<>(labels);
                java.util.Collections.sort(sorted);
                java.util.List<Float> expected = new java.util.ArrayList<>();
                for (int i = 0; i < cifar.size(); i++) expected.add((float) cifar.label(i));
                java.util.Collections.sort(expected);
                assertEquals(expected, sorted);
                if (run == 0) first = labels; else assertEquals(first, labels, "the same seed gives the same pass");
            }
        }
    }

    /** Whether some image of the class, shifted by up to 4 pixels and maybe mirrored, is this one. */
    private static boolean isAugmentedCopy(Cifar10 data, int label, float[] image, float[] mean, float[] std) {
        for (int i = 0; i < data.size(); i++) {
            if (data.label(i) != label) continue;
            byte[] raw = data.pixels(i);
            for (int dx = -4; dx <= 4; dx++) {
                for (int dy = -4; dy <= 4; dy++) {
                    for (boolean mirror : new boolean[] {false, true}) {
                        float[] candidate = AugmentedImages.augment(raw, 3, 32, 32, dx, dy, mirror, mean, std);
                        if (java.util.Arrays.equals(candidate, image)) return true;
                    }
                }
            }
        }
        return false;
    }
}
