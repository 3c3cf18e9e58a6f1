package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AugmentedImagesTest {

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
}
