package org.resnetnotebooks.kit;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A labelled image data set held in memory as raw bytes: what a training loop, the augmentation
 * of {@link AugmentedImages}, a confusion matrix and an image gallery need to know, whatever the
 * data set.
 *
 * <p>Why: notebook 06 trains the same ResNet on Fashion-MNIST (by default) or on CIFAR-10 (the
 * papers' data, optional); with this interface its code does not depend on which. Implemented by
 * {@link FashionMnist} (1 channel, 28×28, grey) and {@link Cifar10} (3 channels, 32×32, red, green,
 * blue); {@link DatasetChoice} picks one.
 *
 * <p>Pixels are stored as in the files: channel by channel (planes), each plane row by row, 0..255
 * as unsigned bytes. Normalised means {@code (pixel/255 - mean[c]) / std[c]} with the training
 * set's statistics of channel c.
 */
public interface LabelledImages {

    /**
     * The number of items.
     *
     * @return the number of images (after any limit)
     */
    int size();

    /**
     * The class id of one item.
     *
     * @param i the item index
     * @return 0 .. {@code classNames().size() - 1}
     */
    int label(int i);

    /**
     * The class names, by class id.
     *
     * @return an unmodifiable list
     */
    List<String> classNames();

    /**
     * The class name of one item.
     *
     * @param i the item index
     * @return e.g. "Ankle boot" or "airplane"
     */
    default String labelName(int i) {
        return classNames().get(label(i));
    }

    /**
     * Colour channels per image.
     *
     * @return 1 (grey) or 3 (red, green, blue)
     */
    int channels();

    /**
     * Image height in pixels.
     *
     * @return e.g. 28 or 32
     */
    int height();

    /**
     * Image width in pixels.
     *
     * @return e.g. 28 or 32
     */
    int width();

    /**
     * The raw pixels of one image: channel by channel, each row by row, 0..255 as unsigned bytes.
     *
     * @param i the item index
     * @return a copy of the {@code channels() * height() * width()} bytes (read with {@code b & 0xFF})
     */
    byte[] pixels(int i);

    /**
     * The training-set mean of each channel used for normalisation, on the 0..1 pixel scale.
     *
     * @return a new array of {@link #channels()} values
     */
    float[] channelMean();

    /**
     * The training-set standard deviation of each channel used for normalisation, on the 0..1 scale.
     *
     * @return a new array of {@link #channels()} values
     */
    float[] channelStd();

    /**
     * One image normalised per channel, as the net sees it (without augmentation).
     *
     * @param i the item index
     * @return {@code channels() * height() * width()} floats {@code (pixel/255 - mean[c]) / std[c]},
     *     in the order of {@link #pixels(int)}
     */
    default float[] normalised(int i) {
        byte[] raw = pixels(i);
        float[] mean = channelMean();
        float[] std = channelStd();
        int plane = height() * width();
        float[] out = new float[raw.length];
        for (int p = 0; p < raw.length; p++) {
            int c = p / plane;
            out[p] = ((raw[p] & 0xff) / 255f - mean[c]) / std[c];
        }
        return out;
    }

    /**
     * One image as a picture, for galleries.
     *
     * @param i the item index
     * @param scale how many screen pixels per image pixel (1 or more)
     * @return an image of {@code width()*scale} by {@code height()*scale} pixels
     */
    BufferedImage image(int i, int scale);

    /**
     * How many items of each class.
     *
     * @return one count per class id
     */
    default int[] classCounts() {
        int[] counts = new int[classNames().size()];
        for (int i = 0; i < size(); i++) {
            counts[label(i)]++;
        }
        return counts;
    }

    /**
     * Copies these items, normalised and unaugmented, into a DJL data set.
     *
     * @param manager owns the arrays (close it to free them)
     * @param batchSize items per batch
     * @param shuffle whether to shuffle (with a {@link SeededSampler}) each epoch
     * @param seed the shuffle seed
     * @return images (n, channels, height, width) float32, labels (n) float32
     */
    ArrayDataset toDataset(NDManager manager, int batchSize, boolean shuffle, long seed);
}
