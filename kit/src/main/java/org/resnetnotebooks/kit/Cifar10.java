package org.resnetnotebooks.kit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CIFAR-10 (optional), read from the official binary files, checked before use.
 *
 * <p>Why: He et al. (2015) trained their CIFAR ResNets on CIFAR-10. The notebooks train on
 * Fashion-MNIST by default; this class lets a learner who installed CIFAR-10 ({@code python3
 * data/prepare_cifar10.py}, 162 MB once, or {@code --from-archive PATH} offline) run the same code
 * on the paper's data, with the API of {@link FashionMnist}. It knows the binary format and refuses
 * any file that breaks it, naming the byte offset; {@link DataFolder} finds the folder ({@code
 * $RESNET_CIFAR10_DIR}, next to {@code $RESNET_DATA_DIR}, or {@code data/cifar-10}) and checks
 * checksums, and the parsed images are an {@link ImageSet}.
 *
 * <p>Layout: {@code data_batch_1.bin} .. {@code data_batch_5.bin} (train, 50,000 images) and
 * {@code test_batch.bin} (test, 10,000), each a sequence of 3073-byte records: a label byte 0..9,
 * then 1024 red, 1024 green and 1024 blue bytes, each plane 32x32 row by row. The script also
 * writes {@code MANIFEST.json} ({@code files.<name>.sha256/bytes/records}, {@code
 * normalization.mean/std} as [r, g, b], {@code labels}), and every file is checked against it.
 * Without one (the archive's {@code cifar-10-batches-bin} folder) each file must hold 10,000
 * records, and the statistics are computed from the five training files.
 *
 * <pre>{@code
 * ArrayDataset train = Cifar10.builder().split(Cifar10.Split.TRAIN).limit(10_000)
 *         .batchSize(128).shuffle(true).seed(42).build(manager);
 * Cifar10 test = Cifar10.builder().split(Cifar10.Split.TEST).load(); // raw pixels, for galleries
 * }</pre>
 *
 * <p>{@code limit(n)} keeps the first n images in file order: roughly, not exactly, class
 * balanced. Memory: the 50,000 training images take 154 MB as bytes and 614 MB as a float data
 * set; use {@code limit} on small machines.
 */
public final class Cifar10 extends ImageSet<Cifar10.Split> {

    /** Which part of the data set. */
    public enum Split {
        /** The 50,000 training images, in five files. */
        TRAIN(List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
                "data_batch_4.bin", "data_batch_5.bin")),
        /** The 10,000 test images. */
        TEST(List.of("test_batch.bin"));

        private final List<String> files;

        Split(List<String> files) {
            this.files = files;
        }

        /** @return the files of this split, in reading order, e.g. {@code [test_batch.bin]} */
        public List<String> files() {
            return files;
        }
    }

    /** The class names, by class id. */
    public static final List<String> CLASS_NAMES = List.of("airplane", "automobile", "bird", "cat", "deer",
            "dog", "frog", "horse", "ship", "truck");
    /** Number of classes. */
    public static final int NUM_CLASSES = 10;
    /** Image height and width in pixels. */
    public static final int IMAGE_SIZE = 32;
    /** Colour channels per image (red, green, blue). */
    public static final int CHANNELS = 3;
    /** Bytes per record in the binary files: one label byte, then {@code 3 * 32 * 32} pixels. */
    public static final int RECORD_BYTES = 1 + CHANNELS * IMAGE_SIZE * IMAGE_SIZE;
    /** Records in each official file. */
    public static final int RECORDS_PER_FILE = 10_000;
    /** The environment variable that may point at the CIFAR-10 directory ({@link Settings#CIFAR10_DIR}). */
    public static final String ENV = Settings.CIFAR10_DIR;
    /** The manifest's file name. */
    public static final String MANIFEST = DataFolder.MANIFEST;

    /** What to do about any CIFAR-10 problem; appended to every message. */
    public static final String HOW_TO_FIX =
            "CIFAR-10 is optional (the notebooks train on Fashion-MNIST by default). To install or"
                    + " repair it, run `python3 data/prepare_cifar10.py` (downloads about 162 MB"
                    + " once), or offline from a copy of cifar-10-binary.tar.gz: `python3"
                    + " data/prepare_cifar10.py --from-archive PATH`. Or set " + ENV
                    + " to a directory with the six .bin files.";

    private static final int CHANNEL_PIXELS = IMAGE_SIZE * IMAGE_SIZE;
    private static final int IMAGE_BYTES = CHANNELS * CHANNEL_PIXELS;

    private Cifar10(Split split, byte[] images, byte[] labels, float[] mean, float[] std) {
        super(split, images, labels, CHANNELS, IMAGE_SIZE, mean, std, CLASS_NAMES);
    }

    private Cifar10(Cifar10 all, int n) {
        super(all, n);
    }

    static DataException problem(String what) {
        return DataFolder.CIFAR10.problem(what);
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
     * The CIFAR-10 directory this process would use (see the class comment).
     *
     * @return the directory that holds the six {@code .bin} files
     * @throws DataException if none can be found
     */
    public static Path dataDir() {
        return DataFolder.givenOrFound(DataFolder.CIFAR10, null).dir();
    }

    /** Checks that a file is there and holds exactly {@code records} records. */
    private static void checkSize(Path file, long records) {
        if (!Files.isRegularFile(file)) {
            throw problem("CIFAR-10 file missing: " + file + ".");
        }
        long bytes = file.toFile().length();
        long expected = records * RECORD_BYTES;
        if (bytes < expected) {
            throw problem(String.format(Locale.ROOT,
                    "CIFAR-10 file is truncated: %s has %,d bytes, expected %,d (%,d records of %d"
                            + " bytes); it ends at byte offset %,d, inside record %,d.",
                    file, bytes, expected, records, RECORD_BYTES, bytes, bytes / RECORD_BYTES));
        }
        if (bytes > expected) {
            throw problem(String.format(Locale.ROOT,
                    "CIFAR-10 file has the wrong size: %s has %,d bytes, expected %,d (%,d records of"
                            + " %d bytes); the extra bytes start at byte offset %,d.",
                    file, bytes, expected, records, RECORD_BYTES, expected));
        }
    }

    /**
     * Reads the records of one file into the given arrays after checking every label.
     *
     * @param file the {@code .bin} file
     * @param records how many records it holds
     * @param images where the pixels go, {@code 3072} per record
     * @param labels where the labels go
     * @param first the index of the file's first record in the arrays
     */
    static void readRecords(Path file, int records, byte[] images, byte[] labels, int first) {
        checkSize(file, records); // the file may have changed since it was checked
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (IOException e) {
            throw DataFolder.CIFAR10.problem("CIFAR-10 file cannot be read: " + file + " (" + e + ").", e);
        }
        for (int r = 0; r < records; r++) {
            int offset = r * RECORD_BYTES;
            int label = data[offset] & 0xFF;
            if (label >= NUM_CLASSES) {
                throw problem(String.format(Locale.ROOT,
                        "CIFAR-10 file %s has label %d at byte offset %,d (record %,d); labels must be 0..9.",
                        file, label, offset, r));
            }
            labels[first + r] = (byte) label;
            System.arraycopy(data, offset + 1, images, (first + r) * IMAGE_BYTES, IMAGE_BYTES);
        }
    }

    /**
     * Loads one split from a folder, verified; parsed once per JVM and file version.
     *
     * @param folder the CIFAR-10 folder
     * @param split the split
     * @param recordsWithoutManifest records per file when there is no manifest (10,000 for the
     *     official files; tests use fewer)
     * @return all items of the split
     */
    static Cifar10 loadSplit(DataFolder folder, Split split, int recordsWithoutManifest) {
        if (!Files.isDirectory(folder.dir())) {
            throw problem("CIFAR-10 directory not found: " + folder.dir() + ".");
        }
        DataFolder.Manifest manifest = folder.hasManifest() ? folder.manifest() : null;
        List<Path> files = new ArrayList<>();
        long[] records = new long[split.files().size()];
        for (int i = 0; i < records.length; i++) {
            Path file = folder.dir().resolve(split.files().get(i));
            records[i] = recordsWithoutManifest;
            DataFolder.Entry entry = manifest == null ? null : folder.entry(manifest, split.files().get(i));
            if (entry != null && entry.number("records") >= 0) {
                records[i] = entry.number("records");
            }
            if (entry != null && entry.bytes() >= 0 && entry.bytes() != records[i] * RECORD_BYTES) {
                throw problem("CIFAR-10 manifest " + manifest.file() + " lists " + entry.name() + " with "
                        + entry.bytes() + " bytes, which is not " + records[i] + " records.");
            }
            checkSize(file, records[i]);
            if (entry != null) {
                folder.verify(file, entry);
            }
            files.add(file);
        }
        List<Path> versions = new ArrayList<>(files);
        if (manifest != null) {
            versions.add(manifest.file());
        }
        return folder.parsed(split.name() + "|" + recordsWithoutManifest + "|" + (manifest != null), versions,
                () -> parse(folder, split, manifest, files, records, recordsWithoutManifest));
    }

    private static Cifar10 parse(DataFolder folder, Split split, DataFolder.Manifest manifest, List<Path> files,
            long[] records, int recordsWithoutManifest) {
        if (manifest != null) {
            folder.checkLabels(manifest, CLASS_NAMES);
        }
        long total = 0;
        for (long r : records) {
            total += r;
        }
        if (total * IMAGE_BYTES > Integer.MAX_VALUE - 8) {
            throw problem("CIFAR-10 files in " + folder.dir() + " hold " + total + " records, more than fit in"
                    + " one Java array.");
        }
        byte[] images = new byte[(int) total * IMAGE_BYTES];
        byte[] labels = new byte[(int) total];
        for (int i = 0, first = 0; i < files.size(); first += (int) records[i], i++) {
            readRecords(files.get(i), (int) records[i], images, labels, first);
        }
        float[][] stats;
        if (manifest != null) {
            stats = new float[][] {folder.statistic(manifest, "mean", CHANNELS), folder.statistic(manifest, "std", CHANNELS)};
        } else if (split == Split.TRAIN) {
            stats = channelStats(images, labels.length, CHANNELS, CHANNEL_PIXELS);
        } else { // the test images are normalised with the training set's statistics
            Cifar10 train = loadSplit(folder, Split.TRAIN, recordsWithoutManifest);
            stats = new float[][] {train.mean(), train.std()};
        }
        folder.checkStatistics(stats[0], stats[1]);
        return new Cifar10(split, images, labels, stats[0], stats[1]);
    }

    /** @return a copy of the training-set mean per channel {red, green, blue}, on the 0..1 scale */
    public float[] mean() {
        return channelMean();
    }

    /** @return a copy of the training-set standard deviation per channel, on the 0..1 scale */
    public float[] std() {
        return channelStd();
    }

    /** Describes what to load; see {@link Cifar10} and {@link ImageSetBuilder}. */
    public static final class Builder extends ImageSetBuilder<Split, Cifar10, Builder> {
        private int recordsWithoutManifest = RECORDS_PER_FILE;

        private Builder() {
            super(Split.TRAIN);
        }

        /** Records per file expected when there is no manifest (tests write small files). */
        Builder recordsWithoutManifest(int value) {
            this.recordsWithoutManifest = value;
            return this;
        }

        @Override
        Cifar10 loadAll(Split split, Path dataDir) {
            return loadSplit(DataFolder.givenOrFound(DataFolder.CIFAR10, dataDir), split, recordsWithoutManifest);
        }

        @Override
        Cifar10 first(Cifar10 all, int n) {
            return new Cifar10(all, n);
        }
    }
}
