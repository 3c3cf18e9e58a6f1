package org.resnetnotebooks.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.Batchifier;
import ai.djl.util.Progress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Fashion-MNIST training images with the augmentation of He et al. (2015, section 4.2):
 * pad each side by {@code pad} pixels, take a random 28×28 crop, flip horizontally with
 * probability ½. Every pass over the data ({@link #getData}) draws a new order and new crops and
 * flips from one seeded generator, so every epoch sees different variants and a run is repeatable.
 *
 * <p>Batches are assembled in plain Java from the raw bytes and handed to the engine as one
 * array per batch. (A DJL {@code RandomAccessDataset} creates one engine array per image and
 * then stacks them, which measured more than 100 times slower here.)
 */
public final class AugmentedImages implements Dataset {

    private final FashionMnist data;
    private final int batchSize;
    private final boolean shuffle;
    private final int pad;
    private final boolean flip;
    private final Random random;

    private AugmentedImages(FashionMnist data, int batchSize, boolean shuffle, int pad, boolean flip, long seed) {
        if (batchSize < 1 || pad < 0 || pad >= FashionMnist.IMAGE_SIZE) {
            throw new IllegalArgumentException("need batchSize >= 1 and 0 <= pad < 28, got " + batchSize + ", " + pad);
        }
        this.data = data;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.pad = pad;
        this.flip = flip;
        this.random = new Random(seed);
    }

    /**
     * @param data the images (typically the training split)
     * @param batchSize examples per batch (the last batch may be smaller)
     * @param shuffle whether to draw a new order for every pass
     * @param pad pixels of padding before the random crop (0 = no crop)
     * @param flip whether to flip half of the images horizontally
     * @param seed seeds the order and the augmentation
     * @return the dataset
     */
    public static AugmentedImages of(FashionMnist data, int batchSize, boolean shuffle, int pad, boolean flip, long seed) {
        return new AugmentedImages(data, batchSize, shuffle, pad, flip, seed);
    }

    /** @return the number of batches in one pass */
    public int batchesPerPass() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    @Override
    public Iterable<Batch> getData(NDManager manager) {
        List<Integer> order = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            order.add(i);
        }
        if (shuffle) {
            Collections.shuffle(order, random);
        }
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < order.size();
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int size = Math.min(batchSize, order.size() - next);
                int n = FashionMnist.IMAGE_SIZE * FashionMnist.IMAGE_SIZE;
                float[] pixels = new float[size * n];
                float[] labels = new float[size];
                for (int b = 0; b < size; b++) {
                    int index = order.get(next + b);
                    int dx = pad == 0 ? 0 : random.nextInt(2 * pad + 1) - pad;
                    int dy = pad == 0 ? 0 : random.nextInt(2 * pad + 1) - pad;
                    boolean mirror = flip && random.nextBoolean();
                    System.arraycopy(augment(data.pixels(index), dx, dy, mirror, data.mean(), data.std()), 0, pixels, b * n, n);
                    labels[b] = data.label(index);
                }
                NDManager batchManager = manager.newSubManager();
                NDArray x = batchManager.create(pixels, new Shape(size, 1, FashionMnist.IMAGE_SIZE, FashionMnist.IMAGE_SIZE));
                NDArray y = batchManager.create(labels, new Shape(size));
                next += size;
                return new Batch(batchManager, new NDList(x), new NDList(y), size,
                        Batchifier.STACK, Batchifier.STACK, next, order.size());
            }
        };
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
    public void prepare(Progress progress) {
        // nothing to download or load: the images are in memory
    }
}
