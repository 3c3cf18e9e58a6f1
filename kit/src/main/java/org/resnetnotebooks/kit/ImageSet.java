package org.resnetnotebooks.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.SequenceSampler;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * Square images and their labels held as the files store them, one byte per pixel: what {@link
 * FashionMnist} and {@link Cifar10} have in common once their files are parsed.
 *
 * <p>Why: the two readers differ only in how they read their files. Everything after that (a
 * picture of one image, the normalised DJL data set, the first n items) is the same code for one
 * grey channel or three colour ones, so it is written here once.
 *
 * <p>Pixels are stored image after image; within an image channel by channel (planes), each plane
 * row by row, 0..255 as unsigned bytes. Normalised means {@code (pixel/255 - mean[c]) / std[c]}
 * with the training set's statistics of channel c.
 */
public abstract class ImageSet<S extends Enum<S>> implements LabelledImages {

    private final S split;
    private final byte[] images;
    private final byte[] labels;
    private final int size;
    private final int channels;
    private final int side;
    private final float[] mean;
    private final float[] std;
    private final List<String> classNames;

    /**
     * A parsed split.
     *
     * @param split which split of the data set
     * @param images the pixels, {@code channels * side * side} bytes per image
     * @param labels one class id per image
     * @param channels 1 (grey) or 3 (red, green, blue)
     * @param side the images' height and width
     * @param mean the training set's mean per channel, on the 0..1 scale
     * @param std the training set's standard deviation per channel, on the 0..1 scale
     * @param classNames the class names, by class id
     */
    ImageSet(S split, byte[] images, byte[] labels, int channels, int side, float[] mean, float[] std,
            List<String> classNames) {
        this.split = split;
        this.images = images;
        this.labels = labels;
        this.size = labels.length;
        this.channels = channels;
        this.side = side;
        this.mean = mean.clone();
        this.std = std.clone();
        this.classNames = classNames;
    }

    /**
     * The first n items of another set, sharing its arrays.
     *
     * @param all the whole split
     * @param n how many items, at most its size
     */
    ImageSet(ImageSet<S> all, int n) {
        this.split = all.split;
        this.images = all.images;
        this.labels = all.labels;
        this.size = Objects.checkFromToIndex(0, n, all.size) + n;
        this.channels = all.channels;
        this.side = all.side;
        this.mean = all.mean;
        this.std = all.std;
        this.classNames = all.classNames;
    }

    /**
     * Per-channel mean and population standard deviation of {@code pixel/255}, for a data set
     * whose files come without statistics.
     *
     * @param images the pixels, image after image, each channel by channel
     * @param n the number of images
     * @param channels channels per image
     * @param plane pixels per channel
     * @return {@code {mean[channels], std[channels]}}
     */
    static float[][] channelStats(byte[] images, int n, int channels, int plane) {
        float[][] stats = new float[2][channels];
        for (int c = 0; c < channels; c++) {
            long sum = 0;
            long squares = 0;
            for (int i = 0; i < n; i++) {
                for (int p = (i * channels + c) * plane, end = p + plane; p < end; p++) {
                    int v = images[p] & 0xFF;
                    sum += v;
                    squares += v * v;
                }
            }
            double count = (double) n * plane;
            double m = sum / count;
            stats[0][c] = (float) (m / 255.0);
            stats[1][c] = (float) (Math.sqrt(Math.max(0, squares / count - m * m)) / 255.0);
        }
        return stats;
    }

    private int imageBytes() {
        return channels * side * side;
    }

    /** @return which split these items come from */
    public S split() {
        return split;
    }

    /** @return the number of images (after any limit) */
    @Override
    public int size() {
        return size;
    }

    /**
     * The raw pixels of one image, as in the file: channel by channel, each row by row.
     *
     * @param i the item index
     * @return a copy of the bytes (read with {@code b & 0xFF})
     */
    @Override
    public byte[] pixels(int i) {
        Objects.checkIndex(i, size);
        byte[] copy = new byte[imageBytes()];
        System.arraycopy(images, i * imageBytes(), copy, 0, imageBytes());
        return copy;
    }

    /**
     * The class id of one item.
     *
     * @param i the item index
     * @return 0 .. {@code classNames().size() - 1}
     */
    @Override
    public int label(int i) {
        Objects.checkIndex(i, size);
        return labels[i];
    }

    /** @return the class names, by class id */
    @Override
    public List<String> classNames() {
        return classNames;
    }

    /** @return 1 (grey) or 3 (red, green, blue) */
    @Override
    public int channels() {
        return channels;
    }

    /** @return the image height in pixels */
    @Override
    public int height() {
        return side;
    }

    /** @return the image width in pixels */
    @Override
    public int width() {
        return side;
    }

    /** @return a copy of the training set's mean per channel (0..1 scale) */
    @Override
    public float[] channelMean() {
        return mean.clone();
    }

    /** @return a copy of the training set's standard deviation per channel (0..1 scale) */
    @Override
    public float[] channelStd() {
        return std.clone();
    }

    /**
     * One image as a picture, for galleries; {@code display(image)} shows it in the notebook.
     *
     * @param i the item index
     * @param scale how many screen pixels per image pixel (1 or more)
     * @return a grey or colour picture of {@code side*scale} square pixels
     */
    @Override
    public BufferedImage image(int i, int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be at least 1, got " + scale);
        }
        byte[] p = pixels(i);
        int plane = side * side;
        int out = side * scale;
        BufferedImage img = new BufferedImage(out, out,
                channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < out; y++) {
            for (int x = 0; x < out; x++) {
                int at = (y / scale) * side + x / scale;
                if (channels == 1) {
                    img.getRaster().setSample(x, y, 0, p[at] & 0xFF);
                } else {
                    img.setRGB(x, y, (p[at] & 0xFF) << 16 | (p[plane + at] & 0xFF) << 8 | (p[2 * plane + at] & 0xFF));
                }
            }
        }
        return img;
    }

    /**
     * Copies these items into a DJL data set.
     *
     * @param manager owns the arrays (close it to free them)
     * @param batchSize items per batch
     * @param shuffle whether to shuffle (with a {@link SeededSampler}) each epoch
     * @param seed the shuffle seed
     * @return images (n, channels, side, side) float32 normalised per channel, labels (n) float32
     */
    @Override
    public ArrayDataset toDataset(NDManager manager, int batchSize, boolean shuffle, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        float[] scale = new float[channels];
        float[] shift = new float[channels];
        for (int c = 0; c < channels; c++) {
            // (p/255 - mean)/std  ==  p * (1/(255 std)) - mean/std
            scale[c] = 1f / (255f * std[c]);
            shift[c] = mean[c] / std[c];
        }
        NDArray x;
        try (NDArray raw = manager.create(ByteBuffer.wrap(images, 0, size * imageBytes()).slice(),
                        new Shape(size, channels, side, side), DataType.UINT8);
                NDArray scales = manager.create(scale, new Shape(1, channels, 1, 1));
                NDArray shifts = manager.create(shift, new Shape(1, channels, 1, 1))) {
            x = raw.toType(DataType.FLOAT32, true);
            x.muli(scales).subi(shifts);
        }
        float[] y = new float[size];
        for (int i = 0; i < size; i++) {
            y[i] = labels[i];
        }
        BatchSampler sampler =
                new BatchSampler(shuffle ? new SeededSampler(seed) : new SequenceSampler(), batchSize, false);
        return new ArrayDataset.Builder().setData(x).optLabels(manager.create(y)).setSampling(sampler).build();
    }
}
