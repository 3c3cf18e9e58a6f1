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
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Random;

/**
 * Training images with the augmentation of He et al. (2015, section 4.2): pad each side by {@code
 * pad} pixels, take a random crop of the image's own size, flip horizontally with probability ½.
 * Every pass over the data ({@link #getData}) draws a new order and new crops and flips from one
 * seeded generator, so every epoch sees different variants and a run is repeatable.
 *
 * <p>Works on any {@link LabelledImages}: Fashion-MNIST (1×28×28) or CIFAR-10 (3×32×32, the
 * paper's data). A colour image is shifted and flipped as a whole: the same crop and flip for
 * each of its channels; each channel is normalised with its own mean and standard deviation.
 * Batches have the shape (batch, channels, height, width).
 *
 * <p>Batches are assembled in plain Java from the raw bytes and handed to the engine as one
 * array per batch. (A DJL {@code RandomAccessDataset} creates one engine array per image and
 * then stacks them, which measured more than 100 times slower here.)
 *
 * <p>Why not DJL's image transforms ({@code ai.djl.modality.cv.transform}): besides that speed,
 * its {@code Pad} pads an image to a square, not by k pixels on each side; it has no random crop of
 * the image's own size (its {@code RandomResizedCrop} also rescales); its {@code
 * RandomFlipLeftRight} draws from the process-wide generator and, in DJL 0.36.0, returns the image
 * unflipped. Where they overlap, padding, cropping, flipping and {@code ToTensor} + {@code
 * Normalize} done with DJL's arrays give the numbers this class gives ({@code DjlSideBySideTest}).
 */
public final class AugmentedImages implements Dataset {

    private final LabelledImages data;
    private final int batchSize;
    private final boolean shuffle;
    private final int pad;
    private final boolean flip;
    private final Random random;
    private final int channels;
    private final int height;
    private final int width;
    /** Per channel: {@code 1 / (255 std)}, so that a pixel normalises to {@code p * scale + black}. */
    private final float[] scale;
    /** Per channel: {@code -mean / std}, a black (0) pixel after normalisation; fills the padding. */
    private final float[] black;

    private AugmentedImages(LabelledImages data, int batchSize, boolean shuffle, int pad, boolean flip, long seed) {
        Objects.requireNonNull(data, "data");
        int side = Math.min(data.height(), data.width());
        if (batchSize < 1 || pad < 0 || pad >= side) {
            throw new IllegalArgumentException(
                    "need batchSize >= 1 and 0 <= pad < " + side + ", got " + batchSize + ", " + pad);
        }
        this.data = data;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.pad = pad;
        this.flip = flip;
        this.random = new Random(seed);
        this.channels = data.channels();
        this.height = data.height();
        this.width = data.width();
        float[] mean = data.channelMean();
        float[] std = data.channelStd();
        if (mean.length != channels || std.length != channels) {
            throw new IllegalArgumentException("need one mean and one standard deviation per channel ("
                    + channels + "), got " + mean.length + " and " + std.length);
        }
        this.scale = new float[channels];
        this.black = new float[channels];
        for (int c = 0; c < channels; c++) {
            scale[c] = 1f / (255f * std[c]);
            black[c] = -mean[c] / std[c];
        }
    }

    /**
     * Fashion-MNIST with augmentation (kept for code written before {@link LabelledImages}).
     *
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

    /**
     * Any labelled images (Fashion-MNIST, CIFAR-10) with augmentation.
     *
     * @param data the images (typically the training split)
     * @param batchSize examples per batch (the last batch may be smaller)
     * @param shuffle whether to draw a new order for every pass
     * @param pad pixels of padding before the random crop (0 = no crop); less than the image's side
     * @param flip whether to flip half of the images horizontally
     * @param seed seeds the order and the augmentation
     * @return the dataset
     */
    public static AugmentedImages of(LabelledImages data, int batchSize, boolean shuffle, int pad, boolean flip, long seed) {
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
                int n = channels * height * width;
                float[] pixels = new float[size * n];
                float[] labels = new float[size];
                for (int b = 0; b < size; b++) {
                    int index = order.get(next + b);
                    int dx = pad == 0 ? 0 : random.nextInt(2 * pad + 1) - pad;
                    int dy = pad == 0 ? 0 : random.nextInt(2 * pad + 1) - pad;
                    boolean mirror = flip && random.nextBoolean();
                    augmentInto(data.pixels(index), channels, height, width, dx, dy, mirror, scale, black, pixels, b * n);
                    labels[b] = data.label(index);
                }
                NDManager batchManager = manager.newSubManager();
                NDArray x = batchManager.create(pixels, new Shape(size, channels, height, width));
                NDArray y = batchManager.create(labels, new Shape(size));
                next += size;
                return new Batch(batchManager, new NDList(x), new NDList(y), size,
                        Batchifier.STACK, Batchifier.STACK, next, order.size());
            }
        };
    }

    /**
     * One augmented, normalised 28×28 grey image: output pixel (r, c) is input pixel (r + dy, c + dx),
     * mirrored when asked; pixels from outside the image are black (0 before normalisation), like padding.
     */
    static float[] augment(byte[] raw, int dx, int dy, boolean mirror, float mean, float std) {
        return augment(raw, 1, FashionMnist.IMAGE_SIZE, FashionMnist.IMAGE_SIZE, dx, dy, mirror,
                new float[] {mean}, new float[] {std});
    }

    /**
     * One augmented image normalised per channel: in every channel, output pixel (r, c) is input
     * pixel (r + dy, c' + dx) with c' = c, or {@code width - 1 - c} when mirrored; pixels from
     * outside the image are black (0 before normalisation), like padding.
     *
     * @param raw the pixels, channel by channel, each row by row
     * @return {@code channels * height * width} floats in the same order
     */
    static float[] augment(byte[] raw, int channels, int height, int width, int dx, int dy, boolean mirror,
            float[] mean, float[] std) {
        float[] scale = new float[channels];
        float[] black = new float[channels];
        for (int c = 0; c < channels; c++) {
            scale[c] = 1f / (255f * std[c]);
            black[c] = -mean[c] / std[c];
        }
        float[] out = new float[channels * height * width];
        augmentInto(raw, channels, height, width, dx, dy, mirror, scale, black, out, 0);
        return out;
    }

    /** Writes one augmented image into {@code out} from {@code offset}; see {@link #augment}. */
    private static void augmentInto(byte[] raw, int channels, int height, int width, int dx, int dy, boolean mirror,
            float[] scale, float[] black, float[] out, int offset) {
        if (raw.length != channels * height * width) {
            throw new IllegalArgumentException("an image of " + channels + "×" + height + "×" + width
                    + " has " + channels * height * width + " pixels, got " + raw.length);
        }
        for (int ch = 0; ch < channels; ch++) {
            int plane = ch * height * width;
            float s = scale[ch];
            float k = black[ch];
            for (int r = 0; r < height; r++) {
                int sr = r + dy;
                int at = offset + plane + r * width;
                if (sr < 0 || sr >= height) {
                    Arrays.fill(out, at, at + width, k);
                    continue;
                }
                int row = plane + sr * width;
                for (int c = 0; c < width; c++) {
                    int sc = (mirror ? width - 1 - c : c) + dx;
                    out[at + c] = sc < 0 || sc >= width ? k : (raw[row + sc] & 0xff) * s + k;
                }
            }
        }
    }

    @Override
    public void prepare(Progress progress) {
        // nothing to download or load: the images are in memory
    }
}
