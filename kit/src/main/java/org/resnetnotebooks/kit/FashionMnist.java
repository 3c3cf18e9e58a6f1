package org.resnetnotebooks.kit;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST, read from the gzip IDX files the set-up prepared, checked before use.
 *
 * <p>Why: every notebook trains on the same data, and a learner must never get a silently wrong
 * data set. This class knows the IDX format (magic numbers, dimensions, item counts) and refuses
 * any file that breaks it; finding the folder and checking each file's SHA-256 against {@code
 * MANIFEST.json} is {@link DataFolder}'s job, and the parsed images are an {@link ImageSet}. Every
 * problem is a {@link DataException} that says how to prepare the data again.
 *
 * <p>Layout (written by {@code data/prepare_fashion_mnist.py} into {@code data/fashion-mnist/}):
 * {@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz}, {@code
 * t10k-images-idx3-ubyte.gz}, {@code t10k-labels-idx1-ubyte.gz} and {@code MANIFEST.json}:
 * {@code {"files": {name: {"sha256", "bytes", "items", "idx_bytes"}}, "normalization": {"mean",
 * "std"}, "labels": [...]}}. The folder is {@code $RESNET_DATA_DIR} (the folder itself or its
 * parent) or else the first {@code data/fashion-mnist} in the working directory or above it.
 *
 * <p>Typical use:
 *
 * <pre>{@code
 * ArrayDataset train = FashionMnist.builder().split(FashionMnist.Split.TRAIN).limit(10_000)
 *         .batchSize(128).shuffle(true).seed(42).build(manager);
 * FashionMnist test = FashionMnist.builder().split(FashionMnist.Split.TEST).load(); // raw pixels
 * }</pre>
 *
 * <p>Images become float32 arrays of shape (1, 28, 28) normalised as {@code (pixel/255 - mean) /
 * std} with the training set's mean and standard deviation from the manifest; labels are float32
 * class ids 0..9. The files are interleaved by class, so {@code limit(n)} (the first n items) is
 * class balanced. Shuffling uses a {@link SeededSampler}, so the batch order depends only on the
 * seed. As a {@link LabelledImages} (1 channel, 28×28) it can stand in for CIFAR-10.
 */
public final class FashionMnist extends ImageSet<FashionMnist.Split> {

    /** Which part of the data set. */
    public enum Split {
        /** The 60,000 training images. */
        TRAIN("train"),
        /** The 10,000 test images. */
        TEST("t10k");

        private final String prefix;

        Split(String prefix) {
            this.prefix = prefix;
        }

        /** @return the file name of this split's images, e.g. {@code train-images-idx3-ubyte.gz} */
        public String imagesFile() {
            return prefix + "-images-idx3-ubyte.gz";
        }

        /** @return the file name of this split's labels, e.g. {@code train-labels-idx1-ubyte.gz} */
        public String labelsFile() {
            return prefix + "-labels-idx1-ubyte.gz";
        }
    }

    /** The class names, by class id. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** Number of classes. */
    public static final int NUM_CLASSES = 10;

    /** Image height and width in pixels. */
    public static final int IMAGE_SIZE = 28;

    /** The environment variable that may point at the data directory ({@link Settings#DATA_DIR}). */
    public static final String ENV = Settings.DATA_DIR;

    /** The manifest's file name. */
    public static final String MANIFEST = DataFolder.MANIFEST;

    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    private static final int PIXELS = IMAGE_SIZE * IMAGE_SIZE;

    private FashionMnist(Split split, byte[] images, byte[] labels, float mean, float std) {
        super(split, images, labels, 1, IMAGE_SIZE, new float[] {mean}, new float[] {std}, CLASS_NAMES);
    }

    private FashionMnist(FashionMnist all, int n) {
        super(all, n);
    }

    /**
     * Starts describing what to load.
     *
     * @return a builder with split TRAIN, no limit, batch size 128, no shuffling, seed 42
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The data directory this process would use (see the class comment).
     *
     * @return the directory that holds {@value #MANIFEST}
     * @throws DataException if no data directory can be found
     */
    public static Path dataDir() {
        return DataFolder.givenOrFound(DataFolder.FASHION_MNIST, null).dir();
    }

    /**
     * Reads a gzip IDX file: checks the magic number and dimensions, returns the payload bytes.
     *
     * @param file the {@code .gz} file
     * @param magic the expected magic number ({@link #IMAGES_MAGIC} or {@link #LABELS_MAGIC})
     * @param expectedCount the item count from the manifest, or -1
     * @param expectedIdxBytes the uncompressed size from the manifest, or -1
     * @return the payload: {@code n*28*28} pixels or {@code n} labels
     */
    static byte[] readIdx(Path file, int magic, long expectedCount, long expectedIdxBytes) {
        try (DataInputStream in = new DataInputStream(
                new BufferedInputStream(new GZIPInputStream(Files.newInputStream(file), 1 << 16)))) {
            int actualMagic = in.readInt();
            if (actualMagic != magic) {
                throw new DataException(String.format(Locale.ROOT,
                        "Fashion-MNIST file %s is not an IDX %s file: magic number 0x%08X, expected 0x%08X.",
                        file, magic == IMAGES_MAGIC ? "image" : "label", actualMagic, magic));
            }
            int count = in.readInt();
            int itemBytes = 1;
            int headerBytes = 8;
            if (magic == IMAGES_MAGIC) {
                headerBytes = 16;
                int rows = in.readInt();
                int cols = in.readInt();
                if (rows != IMAGE_SIZE || cols != IMAGE_SIZE) {
                    throw new DataException("Fashion-MNIST file " + file + " holds " + rows + "x" + cols
                            + " images, expected 28x28.");
                }
                itemBytes = PIXELS;
            }
            if (count < 0 || (expectedCount >= 0 && count != expectedCount)) {
                throw new DataException("Fashion-MNIST file " + file + " holds " + count + " items but "
                        + MANIFEST + " says " + expectedCount + ".");
            }
            if (expectedIdxBytes >= 0 && expectedIdxBytes != headerBytes + (long) count * itemBytes) {
                throw new DataException("Fashion-MNIST file " + file + " holds " + count + " items, which does"
                        + " not match its size in " + MANIFEST + " (" + expectedIdxBytes + " bytes).");
            }
            byte[] payload = new byte[Math.multiplyExact(count, itemBytes)];
            in.readFully(payload);
            if (in.read() != -1) {
                throw new DataException("Fashion-MNIST file " + file + " has extra bytes after its " + count + " items.");
            }
            return payload;
        } catch (EOFException e) {
            throw new DataException("Fashion-MNIST file is truncated: " + file + ".", e);
        } catch (IOException e) {
            throw new DataException("Fashion-MNIST file cannot be read: " + file + " (" + e + ").", e);
        }
    }

    static FashionMnist loadSplit(DataFolder folder, Split split) {
        DataFolder.Manifest manifest = folder.manifest();
        DataFolder.Entry imagesEntry = folder.entry(manifest, split.imagesFile());
        DataFolder.Entry labelsEntry = folder.entry(manifest, split.labelsFile());
        Path imagesFile = folder.dir().resolve(split.imagesFile());
        Path labelsFile = folder.dir().resolve(split.labelsFile());
        folder.verify(imagesFile, imagesEntry);
        folder.verify(labelsFile, labelsEntry);
        return folder.parsed(split.name(), List.of(imagesFile, labelsFile, manifest.file()), () -> {
            folder.checkLabels(manifest, CLASS_NAMES);
            byte[] images = readIdx(imagesFile, IMAGES_MAGIC, imagesEntry.number("items", "count"),
                    imagesEntry.number("idx_bytes"));
            byte[] labels = readIdx(labelsFile, LABELS_MAGIC, labelsEntry.number("items", "count"),
                    labelsEntry.number("idx_bytes"));
            if (images.length != labels.length * PIXELS) {
                throw new DataException("Fashion-MNIST files disagree: " + imagesFile + " holds "
                        + images.length / PIXELS + " images but " + labelsFile + " holds " + labels.length + " labels.");
            }
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0 || labels[i] >= NUM_CLASSES) {
                    throw new DataException("Fashion-MNIST file " + labelsFile + " has label " + labels[i]
                            + " at item " + i + "; labels must be 0..9.");
                }
            }
            float[] mean = folder.statistic(manifest, "mean", 1);
            float[] std = folder.statistic(manifest, "std", 1);
            if (mean[0] > 1) { // the manifest gives pixel statistics on the 0..255 scale
                mean[0] /= 255f;
                std[0] /= 255f;
            }
            folder.checkStatistics(mean, std);
            return new FashionMnist(split, images, labels, mean[0], std[0]);
        });
    }

    /** @return the training-set mean used for normalisation, on the 0..1 pixel scale */
    public float mean() {
        return channelMean()[0];
    }

    /** @return the training-set standard deviation used for normalisation, on the 0..1 pixel scale */
    public float std() {
        return channelStd()[0];
    }

    /** Describes what to load; see {@link FashionMnist} and {@link ImageSetBuilder}. */
    public static final class Builder extends ImageSetBuilder<Split, FashionMnist, Builder> {
        private Builder() {
            super(Split.TRAIN);
        }

        @Override
        FashionMnist loadAll(Split split, Path dataDir) {
            return loadSplit(DataFolder.givenOrFound(DataFolder.FASHION_MNIST, dataDir), split);
        }

        @Override
        FashionMnist first(FashionMnist all, int n) {
            return new FashionMnist(all, n);
        }
    }
}
