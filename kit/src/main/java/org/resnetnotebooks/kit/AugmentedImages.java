package org.resnetnotebooks.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.util.Progress;
import java.util.Random;

/**
 * Fashion-MNIST training images with the augmentation of He et al. (2015, section 4.2):
 * pad each side by {@code pad} pixels, take a random 28×28 crop, flip horizontally with
 * probability ½. A fresh random crop and flip is drawn every time an image is read, so every
 * epoch sees different variants; the draws come from one seeded generator, so a run is repeatable.
 *
 * <p>Done in plain Java on the raw bytes (a few microseconds per image) rather than with engine
 * operations, which would cost a native call per image.
 */
public final class AugmentedImages extends RandomAccessDataset {

    private final FashionMnist data;
    private final int pad;
    private final boolean flip;
    private final Random random;

    private AugmentedImages(Builder builder) {
        super(builder);
        this.data = builder.data;
        this.pad = builder.pad;
        this.flip = builder.flip;
        this.random = new Random(builder.seed);
    }

    /**
     * @param data the images (typically the training split)
     * @param batchSize examples per batch
     * @param shuffle whether to shuffle (with {@code seed})
     * @param pad pixels of padding before the random crop (0 = no crop)
     * @param flip whether to flip half of the images horizontally
     * @param seed seeds both the order and the augmentation
     * @return the dataset
     */
    public static AugmentedImages of(FashionMnist data, int batchSize, boolean shuffle, int pad, boolean flip, long seed) {
        Builder b = new Builder();
        b.data = data;
        b.pad = pad;
        b.flip = flip;
        b.seed = seed;
        b.setSampling(new BatchSampler(shuffle ? new SeededSampler(seed) : new ai.djl.training.dataset.SequenceSampler(),
                batchSize, false));
        return b.build();
    }

    @Override
    public Record get(NDManager manager, long index) {
        int dx, dy;
        boolean mirror;
        synchronized (random) {
            dx = pad == 0 ? 0 : random.nextInt(2 * pad + 1) - pad;
            dy = pad == 0 ? 0 : random.nextInt(2 * pad + 1) - pad;
            mirror = flip && random.nextBoolean();
        }
        float[] pixels = augment(data.pixels((int) index), dx, dy, mirror, data.mean(), data.std());
        NDArray image = manager.create(pixels, new Shape(1, FashionMnist.IMAGE_SIZE, FashionMnist.IMAGE_SIZE));
        NDArray label = manager.create((float) data.label((int) index));
        return new Record(new NDList(image), new NDList(label));
    }

    /**
     * One augmented, normalised image: output pixel (r, c) is input pixel (r + dy, c + dx), mirrored
     * when asked; pixels from outside the image are black (0 before normalisation), like padding.
     */
    static float[] augment(byte[] raw, int dx, int dy, boolean mirror, float mean, float std) {
        int n = FashionMnist.IMAGE_SIZE;
        float[] out = new float[n * n];
        float scale = 1f / (255f * std);
        float black = -mean / std;
        for (int r = 0; r < n; r++) {
            int sr = r + dy;
            for (int c = 0; c < n; c++) {
                int sc = (mirror ? n - 1 - c : c) + dx;
                out[r * n + c] = sr < 0 || sr >= n || sc < 0 || sc >= n
                        ? black
                        : (raw[sr * n + sc] & 0xff) * scale + black;
            }
        }
        return out;
    }

    @Override
    protected long availableSize() {
        return data.size();
    }

    @Override
    public void prepare(Progress progress) {
        // nothing to download or load: the images are in memory
    }

    /** Builder required by DJL's dataset API. */
    public static final class Builder extends BaseBuilder<Builder> {
        private FashionMnist data;
        private int pad;
        private boolean flip;
        private long seed;

        @Override
        protected Builder self() {
            return this;
        }

        AugmentedImages build() {
            if (data == null || pad < 0 || pad >= FashionMnist.IMAGE_SIZE) {
                throw new IllegalArgumentException("need images and 0 <= pad < 28, got pad " + pad);
            }
            return new AugmentedImages(this);
        }
    }
}
