package org.resnetnotebooks.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.SequenceSampler;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CIFAR-10 (optional), read from the official binary files, checked before use.
 *
 * <p>Why: He et al. (2015) trained their CIFAR ResNets on CIFAR-10; the notebooks train on
 * Fashion-MNIST by default, and this class lets a learner who installed CIFAR-10 run the same
 * code on the paper's data. The API is the one of {@link FashionMnist}: a builder with split,
 * limit, batch size, shuffle and seed that gives a DJL {@link ArrayDataset}, plus the raw images
 * for galleries.
 *
 * <p>Install it with {@code python3 data/prepare_cifar10.py} (downloads the official archive,
 * about 162 MB, once) or offline from a copy of {@code cifar-10-binary.tar.gz} with {@code
 * python3 data/prepare_cifar10.py --from-archive PATH}.
 *
 * <p>Layout: a directory with the six files of the official binary version, {@code
 * data_batch_1.bin} .. {@code data_batch_5.bin} (train, 50,000 images) and {@code
 * test_batch.bin} (test, 10,000). Each file is a sequence of 3073-byte records: one label byte
 * 0..9, then 1024 red, 1024 green and 1024 blue bytes, each plane a 32x32 image row by row. The
 * script also writes {@code MANIFEST.json}: {@code {"files": {name: {"sha256", "bytes",
 * "records"}}, "normalization": {"mean": [r, g, b], "std": [r, g, b]}, "labels": [...]}}; when
 * it is there every file's size and SHA-256 are checked against it (once per JVM and file
 * version). Without a manifest (e.g. the {@code cifar-10-batches-bin} folder of the archive,
 * extracted by hand) each file must hold exactly 10,000 records, and the normalisation statistics
 * are computed here from the five training files.
 *
 * <p>Where the directory is found, first match wins:
 *
 * <ol>
 *   <li>{@code $RESNET_CIFAR10_DIR} ({@value #ENV}): the directory with the files itself, or a
 *       directory holding {@code cifar-10/} or {@code cifar-10-batches-bin/};
 *   <li>else, if {@code $RESNET_DATA_DIR} ({@value FashionMnist#ENV}) is set: {@code cifar-10/}
 *       next to the Fashion-MNIST directory it names (that is, {@code <data>/cifar-10} when it
 *       names {@code <data>/fashion-mnist} or {@code <data>});
 *   <li>else the first {@code data/cifar-10} in the working directory or one of its parents
 *       (normally {@code <repository>/data/cifar-10}).
 * </ol>
 *
 * <p>Typical use:
 *
 * <pre>{@code
 * ArrayDataset train = Cifar10.builder().split(Cifar10.Split.TRAIN).limit(10_000)
 *         .batchSize(128).shuffle(true).seed(42).build(manager);
 * Cifar10 test = Cifar10.builder().split(Cifar10.Split.TEST).load(); // raw pixels, for galleries
 * }</pre>
 *
 * <p>Images become float32 arrays of shape (3, 32, 32) (channels red, green, blue) normalised per
 * channel as {@code (pixel/255 - mean[c]) / std[c]} with the training set's statistics; labels are
 * float32 class ids 0..9. {@code limit(n)} keeps the first n images in file order ({@code
 * data_batch_1} first); the official files are in random order, so a prefix is roughly, not
 * exactly, class balanced. Shuffling uses a {@link SeededSampler}. Memory: the 50,000 training
 * images take 154 MB as bytes and 614 MB as a float data set; use {@code limit} on small machines.
 * Every problem is a {@link DataException} that names the file (and, for a bad record, its byte
 * offset) and ends with {@link #HOW_TO_FIX}.
 *
 * <p>As a {@link LabelledImages} (3 channels, 32×32) it can replace Fashion-MNIST in code that
 * works with either data set, such as {@link AugmentedImages} and notebook 06.
 */
public final class Cifar10 implements LabelledImages {

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

        /**
         * The files of this split, in reading order.
         *
         * @return e.g. {@code [test_batch.bin]}
         */
        public List<String> files() {
            return files;
        }
    }

    /** The class names, by class id. */
    public static final List<String> CLASS_NAMES =
            List.of("airplane", "automobile", "bird", "cat", "deer",
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

    /** The environment variable that may point at the CIFAR-10 directory. */
    public static final String ENV = "RESNET_CIFAR10_DIR";

    /** The manifest's file name. */
    public static final String MANIFEST = "MANIFEST.json";

    /** What to do about any CIFAR-10 problem; appended to every message. */
    public static final String HOW_TO_FIX =
            "CIFAR-10 is optional (the notebooks train on Fashion-MNIST by default). To install or"
                    + " repair it, run `python3 data/prepare_cifar10.py` (downloads about 162 MB"
                    + " once), or offline from a copy of cifar-10-binary.tar.gz: `python3"
                    + " data/prepare_cifar10.py --from-archive PATH`. Or set " + ENV
                    + " to a directory with the six .bin files.";

    private static final int CHANNEL_PIXELS = IMAGE_SIZE * IMAGE_SIZE;
    private static final int IMAGE_BYTES = CHANNELS * CHANNEL_PIXELS;
    private static final String DEFAULT_DIR_NAME = "cifar-10";
    private static final String ARCHIVE_DIR_NAME = "cifar-10-batches-bin";

    /** Files whose checksum matched, keyed by path, size, modification time and checksum. */
    private static final Set<String> VERIFIED = ConcurrentHashMap.newKeySet();
    /** Parsed splits, keyed by the files' versions, so notebooks that load twice parse once. */
    private static final Map<String, Cifar10> PARSED = new ConcurrentHashMap<>();

    private final Split split;
    private final byte[] images;
    private final byte[] labels;
    private final int size;
    private final float[] mean;
    private final float[] std;

    private Cifar10(Split split, byte[] images, byte[] labels, int size, float[] mean, float[] std) {
        this.split = split;
        this.images = images;
        this.labels = labels;
        this.size = size;
        this.mean = mean;
        this.std = std;
    }

    static DataException problem(String what) {
        return new DataException(what, HOW_TO_FIX, null);
    }

    static DataException problem(String what, Throwable cause) {
        return new DataException(what, HOW_TO_FIX, cause);
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
        return findDataDir(System.getenv(), Paths.get("").toAbsolutePath());
    }

    /** A directory that looks like CIFAR-10: a manifest or one of the files is there. */
    private static boolean looksLikeCifar(Path dir) {
        return Files.isRegularFile(dir.resolve(MANIFEST))
                || Files.isRegularFile(dir.resolve("test_batch.bin"))
                || Files.isRegularFile(dir.resolve("data_batch_1.bin"));
    }

    static Path findDataDir(Map<String, String> env, Path start) {
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            Path dir = Paths.get(fromEnv.strip()).toAbsolutePath();
            List<Path> candidates =
                    List.of(dir, dir.resolve(DEFAULT_DIR_NAME), dir.resolve(ARCHIVE_DIR_NAME));
            for (Path candidate : candidates) {
                if (looksLikeCifar(candidate)) {
                    return candidate;
                }
            }
            throw problem("CIFAR-10 data not found: " + ENV + "=" + fromEnv + " but none of "
                    + candidates + " holds " + MANIFEST + " or the .bin files.");
        }
        String fashion = env.get(FashionMnist.ENV);
        if (fashion != null && !fashion.isBlank()) {
            Path dir = Paths.get(fashion.strip()).toAbsolutePath();
            Path fashionDir =
                    Files.isRegularFile(dir.resolve(FashionMnist.MANIFEST)) ? dir : dir.resolve("fashion-mnist");
            Path parent = fashionDir.getParent() != null ? fashionDir.getParent() : fashionDir;
            Path candidate = parent.resolve(DEFAULT_DIR_NAME);
            if (looksLikeCifar(candidate)) {
                return candidate;
            }
            throw problem("CIFAR-10 data not found: " + FashionMnist.ENV + "=" + fashion
                    + " is set, so CIFAR-10 is expected next to it in " + candidate
                    + ", which holds neither " + MANIFEST + " nor the .bin files (" + ENV
                    + " is not set).");
        }
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("data").resolve(DEFAULT_DIR_NAME);
            if (looksLikeCifar(candidate)) {
                return candidate;
            }
        }
        throw problem("CIFAR-10 data not found: there is no data/" + DEFAULT_DIR_NAME + " with "
                + MANIFEST + " or the .bin files in " + start + " or any directory above it, and "
                + ENV + " is not set.");
    }

    /**
     * One entry of the manifest's {@code files} object; -1 marks an absent number.
     *
     * @param sha256 the file's checksum
     * @param bytes the file's size
     * @param records the number of records
     */
    record FileEntry(String sha256, long bytes, long records) {}

    /**
     * What the kit needs from {@value #MANIFEST}.
     *
     * @param files the entries by file name
     * @param mean the training pixels' mean per channel (0..1 scale)
     * @param std the training pixels' standard deviation per channel (0..1 scale)
     * @param labels the class names, or an empty list if the manifest has none
     */
    record Manifest(Map<String, FileEntry> files, float[] mean, float[] std, List<String> labels) {}

    /**
     * Reads the manifest written by {@code data/prepare_cifar10.py}: {@code
     * files.<name>.sha256} (required), {@code .bytes}, {@code .records}; {@code
     * normalization.mean} and {@code .std} (three numbers each); {@code labels}.
     *
     * @param file the manifest
     * @return the parsed manifest
     * @throws DataException if it is not JSON or lacks a needed key
     */
    static Manifest readManifest(Path file) {
        try {
            JsonObject root =
                    JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            JsonObject files = root.getAsJsonObject("files");
            if (files == null) {
                throw problem("CIFAR-10 manifest " + file + " has no \"files\" object.");
            }
            Map<String, FileEntry> entries = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : files.entrySet()) {
                JsonObject o = e.getValue().getAsJsonObject();
                if (!o.has("sha256")) {
                    throw problem("CIFAR-10 manifest " + file + " has no sha256 for " + e.getKey() + ".");
                }
                entries.put(
                        e.getKey(),
                        new FileEntry(
                                o.get("sha256").getAsString().toLowerCase(Locale.ROOT),
                                o.has("bytes") ? o.get("bytes").getAsLong() : -1,
                                o.has("records") ? o.get("records").getAsLong() : -1));
            }
            JsonObject norm = root.getAsJsonObject("normalization");
            if (norm == null || !norm.has("mean") || !norm.has("std")) {
                throw problem("CIFAR-10 manifest " + file + " lacks normalization.mean/std.");
            }
            float[] mean = threeNumbers(file, "mean", norm.getAsJsonArray("mean"));
            float[] std = threeNumbers(file, "std", norm.getAsJsonArray("std"));
            List<String> labels = new ArrayList<>();
            if (root.has("labels")) {
                for (JsonElement label : root.getAsJsonArray("labels")) {
                    labels.add(label.getAsString());
                }
            }
            return new Manifest(Collections.unmodifiableMap(entries), mean, std, List.copyOf(labels));
        } catch (IOException | JsonParseException | IllegalStateException | ClassCastException
                | NumberFormatException | UnsupportedOperationException e) {
            throw problem("CIFAR-10 manifest " + file + " cannot be read: " + e, e);
        }
    }

    private static float[] threeNumbers(Path file, String key, JsonArray values) {
        if (values == null || values.size() != CHANNELS) {
            throw problem("CIFAR-10 manifest " + file + ": normalization." + key
                    + " must hold 3 numbers (red, green, blue).");
        }
        float[] out = new float[CHANNELS];
        for (int c = 0; c < CHANNELS; c++) {
            out[c] = values.get(c).getAsFloat();
        }
        return out;
    }

    private static String fileKey(Path file) throws IOException {
        return file.toRealPath() + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
    }

    /**
     * Checks a file's size against its record count and, with a manifest, its SHA-256.
     *
     * @param file the {@code .bin} file
     * @param records how many records it must hold
     * @param entry its manifest entry, or {@code null} without a manifest
     * @throws DataException naming the file and, for a wrong size, the byte offset
     */
    static void checkFile(Path file, long records, FileEntry entry) {
        if (!Files.isRegularFile(file)) {
            throw problem("CIFAR-10 file missing: " + file + ".");
        }
        try {
            long bytes = Files.size(file);
            checkSize(file, bytes, records);
            if (entry == null) {
                return;
            }
            String key = fileKey(file) + "|" + entry.sha256();
            if (VERIFIED.contains(key)) {
                return;
            }
            String actual = FashionMnist.sha256(file);
            if (!actual.equals(entry.sha256())) {
                throw problem("CIFAR-10 file is corrupt: " + file + " has SHA-256 " + actual + " but "
                        + MANIFEST + " expects " + entry.sha256() + ".");
            }
            VERIFIED.add(key);
        } catch (IOException e) {
            throw problem("CIFAR-10 file cannot be read: " + file + " (" + e + ").", e);
        }
    }

    private static void checkSize(Path file, long bytes, long records) {
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
     * @param file the {@code .bin} file (size already checked)
     * @param records how many records it holds
     * @param images where the pixels go, {@code 3072} per record
     * @param labels where the labels go
     * @param first the index of the file's first record in the arrays
     */
    static void readRecords(Path file, int records, byte[] images, byte[] labels, int first) {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (IOException e) {
            throw problem("CIFAR-10 file cannot be read: " + file + " (" + e + ").", e);
        }
        checkSize(file, data.length, records); // the file may have changed since it was checked
        for (int r = 0; r < records; r++) {
            int offset = r * RECORD_BYTES;
            int label = data[offset] & 0xFF;
            if (label >= NUM_CLASSES) {
                throw problem(String.format(Locale.ROOT,
                        "CIFAR-10 file %s has label %d at byte offset %,d (record %,d); labels must"
                                + " be 0..9.",
                        file, label, offset, r));
            }
            labels[first + r] = (byte) label;
            System.arraycopy(data, offset + 1, images, (first + r) * IMAGE_BYTES, IMAGE_BYTES);
        }
    }

    /**
     * Loads one split from a directory, verified; parsed once per JVM and file version.
     *
     * @param dir the CIFAR-10 directory
     * @param split the split
     * @param recordsWithoutManifest records per file when there is no manifest (10,000 for the
     *     official files; tests use fewer)
     * @return all items of the split
     */
    static Cifar10 loadSplit(Path dir, Split split, int recordsWithoutManifest) {
        if (!Files.isDirectory(dir)) {
            throw problem("CIFAR-10 directory not found: " + dir + ".");
        }
        Path manifestFile = dir.resolve(MANIFEST);
        Manifest manifest = Files.isRegularFile(manifestFile) ? readManifest(manifestFile) : null;
        if (manifest != null && !manifest.labels().isEmpty() && !manifest.labels().equals(CLASS_NAMES)) {
            throw problem("CIFAR-10 manifest " + manifestFile + " names the classes "
                    + manifest.labels() + ", expected " + CLASS_NAMES + ".");
        }
        List<Path> files = new ArrayList<>();
        long[] records = new long[split.files().size()];
        for (int i = 0; i < records.length; i++) {
            String name = split.files().get(i);
            Path file = dir.resolve(name);
            FileEntry entry = null;
            records[i] = recordsWithoutManifest;
            if (manifest != null) {
                entry = manifest.files().get(name);
                if (entry == null) {
                    throw problem("CIFAR-10 file " + name + " is not listed in " + manifestFile + ".");
                }
                if (entry.records() >= 0) {
                    records[i] = entry.records();
                }
                if (entry.bytes() >= 0 && entry.bytes() != records[i] * RECORD_BYTES) {
                    throw problem("CIFAR-10 manifest " + manifestFile + " lists " + name + " with "
                            + entry.bytes() + " bytes, which is not " + records[i] + " records.");
                }
            }
            checkFile(file, records[i], entry);
            files.add(file);
        }
        String key;
        try {
            StringBuilder sb = new StringBuilder(split.name()).append('|').append(recordsWithoutManifest);
            for (Path file : files) {
                sb.append('|').append(fileKey(file));
            }
            sb.append('|').append(manifest != null ? fileKey(manifestFile) : "no manifest");
            key = sb.toString();
        } catch (IOException e) {
            throw problem("CIFAR-10 files cannot be read in " + dir + " (" + e + ").", e);
        }
        Cifar10 cached = PARSED.get(key);
        if (cached != null) {
            return cached;
        }
        long total = 0;
        for (long r : records) {
            total += r;
        }
        if (total * IMAGE_BYTES > Integer.MAX_VALUE - 8) {
            throw problem("CIFAR-10 files in " + dir + " hold " + total + " records, more than fit"
                    + " in one Java array.");
        }
        byte[] images = new byte[(int) total * IMAGE_BYTES];
        byte[] labels = new byte[(int) total];
        int first = 0;
        for (int i = 0; i < files.size(); i++) {
            readRecords(files.get(i), (int) records[i], images, labels, first);
            first += (int) records[i];
        }
        float[] mean;
        float[] std;
        if (manifest != null) {
            mean = manifest.mean().clone();
            std = manifest.std().clone();
        } else if (split == Split.TRAIN) {
            float[][] stats = channelStats(images, labels.length);
            mean = stats[0];
            std = stats[1];
        } else { // the test images are normalised with the training set's statistics
            Cifar10 train = loadSplit(dir, Split.TRAIN, recordsWithoutManifest);
            mean = train.mean();
            std = train.std();
        }
        for (int c = 0; c < CHANNELS; c++) {
            if (!(std[c] > 0) || !Float.isFinite(std[c]) || !Float.isFinite(mean[c])) {
                throw problem("CIFAR-10 statistics for " + dir + " are unusable: channel " + c
                        + " has mean " + mean[c] + " and standard deviation " + std[c] + ".");
            }
        }
        Cifar10 loaded = new Cifar10(split, images, labels, labels.length, mean, std);
        PARSED.put(key, loaded);
        return loaded;
    }

    /**
     * Per-channel mean and population standard deviation of {@code pixel/255}.
     *
     * @param images the pixels, {@code 3072} per image (red, green, blue planes)
     * @param n the number of images
     * @return {@code {mean[3], std[3]}}
     */
    static float[][] channelStats(byte[] images, int n) {
        float[] mean = new float[CHANNELS];
        float[] std = new float[CHANNELS];
        for (int c = 0; c < CHANNELS; c++) {
            long sum = 0;
            long squares = 0;
            for (int i = 0; i < n; i++) {
                int base = i * IMAGE_BYTES + c * CHANNEL_PIXELS;
                for (int p = 0; p < CHANNEL_PIXELS; p++) {
                    int v = images[base + p] & 0xFF;
                    sum += v;
                    squares += v * v;
                }
            }
            double count = (double) n * CHANNEL_PIXELS;
            double m = sum / count;
            double variance = Math.max(0, squares / count - m * m);
            mean[c] = (float) (m / 255.0);
            std[c] = (float) (Math.sqrt(variance) / 255.0);
        }
        return new float[][] {mean, std};
    }

    /** Forgets parsed splits and verified checksums (tests use it). */
    static void clearCaches() {
        VERIFIED.clear();
        PARSED.clear();
    }

    private Cifar10 limited(int n) {
        if (n == size) {
            return this;
        }
        return new Cifar10(split, images, labels, n, mean, std);
    }

    /**
     * Which split these items come from.
     *
     * @return the split
     */
    public Split split() {
        return split;
    }

    /**
     * The number of items.
     *
     * @return the number of images (after the limit)
     */
    @Override
    public int size() {
        return size;
    }

    /**
     * The raw pixels of one image as in the file: the red plane, then green, then blue, each 32x32
     * row by row, 0..255 as unsigned bytes.
     *
     * @param i the item index
     * @return a copy of the 3072 bytes (read with {@code b & 0xFF})
     */
    @Override
    public byte[] pixels(int i) {
        Objects.checkIndex(i, size);
        byte[] copy = new byte[IMAGE_BYTES];
        System.arraycopy(images, i * IMAGE_BYTES, copy, 0, IMAGE_BYTES);
        return copy;
    }

    /**
     * The class id of one item.
     *
     * @param i the item index
     * @return 0..9
     */
    @Override
    public int label(int i) {
        Objects.checkIndex(i, size);
        return labels[i];
    }

    /**
     * One image as a colour picture, for galleries; {@code display(image)} shows it in the notebook.
     *
     * @param i the item index
     * @param scale how many screen pixels per image pixel (1 or more)
     * @return an RGB image of {@code 32*scale} square pixels
     */
    @Override
    public BufferedImage image(int i, int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be at least 1, got " + scale);
        }
        byte[] p = pixels(i);
        int side = IMAGE_SIZE * scale;
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int at = (y / scale) * IMAGE_SIZE + x / scale;
                int r = p[at] & 0xFF;
                int g = p[CHANNEL_PIXELS + at] & 0xFF;
                int b = p[2 * CHANNEL_PIXELS + at] & 0xFF;
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    /**
     * The training-set mean per channel used for normalisation, on the 0..1 pixel scale.
     *
     * @return a copy of {red, green, blue}
     */
    public float[] mean() {
        return mean.clone();
    }

    /**
     * The training-set standard deviation per channel used for normalisation, on the 0..1 scale.
     *
     * @return a copy of {red, green, blue}
     */
    public float[] std() {
        return std.clone();
    }

    /**
     * The class names, by class id.
     *
     * @return {@link #CLASS_NAMES}
     */
    @Override
    public List<String> classNames() {
        return CLASS_NAMES;
    }

    /**
     * Colour channels per image.
     *
     * @return {@value #CHANNELS} (red, green, blue)
     */
    @Override
    public int channels() {
        return CHANNELS;
    }

    /**
     * Image height in pixels.
     *
     * @return {@value #IMAGE_SIZE}
     */
    @Override
    public int height() {
        return IMAGE_SIZE;
    }

    /**
     * Image width in pixels.
     *
     * @return {@value #IMAGE_SIZE}
     */
    @Override
    public int width() {
        return IMAGE_SIZE;
    }

    /**
     * The training-set mean per channel (the same as {@link #mean()}).
     *
     * @return a copy of {red, green, blue}
     */
    @Override
    public float[] channelMean() {
        return mean.clone();
    }

    /**
     * The training-set standard deviation per channel (the same as {@link #std()}).
     *
     * @return a copy of {red, green, blue}
     */
    @Override
    public float[] channelStd() {
        return std.clone();
    }

    /**
     * Copies these items into a DJL data set.
     *
     * @param manager owns the arrays (close it to free them)
     * @param batchSize items per batch
     * @param shuffle whether to shuffle (with a {@link SeededSampler}) each epoch
     * @param seed the shuffle seed
     * @return images (n, 3, 32, 32) float32 normalised per channel, labels (n) float32
     */
    @Override
    public ArrayDataset toDataset(NDManager manager, int batchSize, boolean shuffle, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        float[] scale = new float[CHANNELS];
        float[] shift = new float[CHANNELS];
        for (int c = 0; c < CHANNELS; c++) {
            // (p/255 - mean)/std  ==  p * (1/(255 std)) - mean/std
            scale[c] = 1f / (255f * std[c]);
            shift[c] = mean[c] / std[c];
        }
        NDArray x;
        try (NDArray raw =
                        manager.create(
                                ByteBuffer.wrap(images, 0, size * IMAGE_BYTES).slice(),
                                new Shape(size, CHANNELS, IMAGE_SIZE, IMAGE_SIZE),
                                DataType.UINT8);
                NDArray scales = manager.create(scale, new Shape(1, CHANNELS, 1, 1));
                NDArray shifts = manager.create(shift, new Shape(1, CHANNELS, 1, 1))) {
            x = raw.toType(DataType.FLOAT32, true);
            x.muli(scales).subi(shifts);
        }
        float[] y = new float[size];
        for (int i = 0; i < size; i++) {
            y[i] = labels[i];
        }
        NDArray labelArray = manager.create(y);
        BatchSampler sampler =
                new BatchSampler(shuffle ? new SeededSampler(seed) : new SequenceSampler(), batchSize, false);
        return new ArrayDataset.Builder().setData(x).optLabels(labelArray).setSampling(sampler).build();
    }

    /** Describes what to load; see {@link Cifar10}. */
    public static final class Builder {
        private Split split = Split.TRAIN;
        private int limit = -1;
        private int batchSize = 128;
        private boolean shuffle;
        private long seed = 42;
        private Path dataDir;
        private int recordsWithoutManifest = RECORDS_PER_FILE;

        private Builder() {}

        /**
         * Which split.
         *
         * @param value TRAIN (default) or TEST
         * @return this builder
         */
        public Builder split(Split value) {
            this.split = Objects.requireNonNull(value, "split");
            return this;
        }

        /**
         * Keep only the first n items in file order (roughly class balanced, not exactly).
         *
         * @param n how many items, at least 1 and at most the split's size
         * @return this builder
         */
        public Builder limit(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("limit must be at least 1, got " + n);
            }
            this.limit = n;
            return this;
        }

        /**
         * Items per batch.
         *
         * @param value the batch size (default 128)
         * @return this builder
         */
        public Builder batchSize(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1, got " + value);
            }
            this.batchSize = value;
            return this;
        }

        /**
         * Whether to shuffle each epoch (default false).
         *
         * @param value true to shuffle
         * @return this builder
         */
        public Builder shuffle(boolean value) {
            this.shuffle = value;
            return this;
        }

        /**
         * The shuffle seed (default 42).
         *
         * @param value the seed
         * @return this builder
         */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Uses this directory instead of looking for one (tests, custom layouts).
         *
         * @param dir the directory holding the six {@code .bin} files
         * @return this builder
         */
        public Builder dataDir(Path dir) {
            this.dataDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** Records per file expected when there is no manifest (tests write small files). */
        Builder recordsWithoutManifest(int value) {
            this.recordsWithoutManifest = value;
            return this;
        }

        /**
         * Loads (or reuses) the verified raw items, without an engine.
         *
         * @return the items
         * @throws DataException if the data is missing or corrupt
         * @throws IllegalArgumentException if the limit exceeds the split's size
         */
        public Cifar10 load() {
            Cifar10 all = loadSplit(dataDir != null ? dataDir : Cifar10.dataDir(), split, recordsWithoutManifest);
            if (limit > all.size()) {
                throw new IllegalArgumentException(
                        "limit(" + limit + ") exceeds the " + all.size() + " items of the "
                                + split.name().toLowerCase(Locale.ROOT) + " split.");
            }
            return limit < 0 ? all : all.limited(limit);
        }

        /**
         * Loads the items into a DJL data set.
         *
         * @param manager owns the arrays
         * @return the data set
         * @throws DataException if the data is missing or corrupt
         */
        public ArrayDataset build(NDManager manager) {
            return load().toDataset(manager, batchSize, shuffle, seed);
        }
    }
}
