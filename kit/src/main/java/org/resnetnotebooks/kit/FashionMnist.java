package org.resnetnotebooks.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.SequenceSampler;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST, loaded offline from the files the set-up prepared, checked before use.
 *
 * <p>Why: every notebook trains on the same data, and a learner must never get a silently wrong
 * data set. So the loader finds the data directory, verifies each file's SHA-256 against {@code
 * MANIFEST.json} (once per JVM and file version), checks the IDX headers, and explains any
 * problem with a {@link DataException} that says how to re-prepare the data.
 *
 * <p>Layout (written by {@code data/prepare_fashion_mnist.py}): a directory {@code
 * data/fashion-mnist/} with the gzip IDX files {@code train-images-idx3-ubyte.gz}, {@code
 * train-labels-idx1-ubyte.gz}, {@code t10k-images-idx3-ubyte.gz}, {@code t10k-labels-idx1-ubyte.gz}
 * and {@code MANIFEST.json}: {@code {"files": {name: {"sha256", "bytes", "items", "idx_bytes"}},
 * "normalization": {"mean", "std"}, "labels": [...], ...}} (see {@link #readManifest(Path)}). The directory is {@code $RESNET_DATA_DIR} (either the {@code fashion-mnist}
 * directory itself or its parent) or else the first {@code data/fashion-mnist} with a manifest in
 * the working directory or one of its parents.
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
 * seed.
 *
 * <p>As a {@link LabelledImages} (1 channel, 28×28) it can stand in for CIFAR-10 in code that
 * works with either data set, such as {@link AugmentedImages} and notebook 06.
 */
public final class FashionMnist implements LabelledImages {

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

        /**
         * The file name of the images of this split.
         *
         * @return e.g. {@code train-images-idx3-ubyte.gz}
         */
        public String imagesFile() {
            return prefix + "-images-idx3-ubyte.gz";
        }

        /**
         * The file name of the labels of this split.
         *
         * @return e.g. {@code train-labels-idx1-ubyte.gz}
         */
        public String labelsFile() {
            return prefix + "-labels-idx1-ubyte.gz";
        }
    }

    /** The class names, by class id. */
    public static final List<String> CLASS_NAMES =
            List.of(
                    "T-shirt/top",
                    "Trouser",
                    "Pullover",
                    "Dress",
                    "Coat",
                    "Sandal",
                    "Shirt",
                    "Sneaker",
                    "Bag",
                    "Ankle boot");

    /** Number of classes. */
    public static final int NUM_CLASSES = 10;

    /** Image height and width in pixels. */
    public static final int IMAGE_SIZE = 28;

    /** The environment variable that may point at the data directory. */
    public static final String ENV = "RESNET_DATA_DIR";

    /** The manifest's file name. */
    public static final String MANIFEST = "MANIFEST.json";

    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    private static final int PIXELS = IMAGE_SIZE * IMAGE_SIZE;

    /** Files whose checksum matched, keyed by path, size and modification time. */
    private static final Set<String> VERIFIED = ConcurrentHashMap.newKeySet();
    /** Parsed splits, keyed the same way, so notebooks that load twice parse once. */
    private static final Map<String, FashionMnist> PARSED = new ConcurrentHashMap<>();

    private final Split split;
    private final byte[] images;
    private final byte[] labels;
    private final int size;
    private final float mean;
    private final float std;

    private FashionMnist(Split split, byte[] images, byte[] labels, int size, float mean, float std) {
        this.split = split;
        this.images = images;
        this.labels = labels;
        this.size = size;
        this.mean = mean;
        this.std = std;
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
        return findDataDir(System.getenv(), Paths.get("").toAbsolutePath());
    }

    static Path findDataDir(Map<String, String> env, Path start) {
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            Path dir = Paths.get(fromEnv.strip()).toAbsolutePath();
            if (Files.isRegularFile(dir.resolve(MANIFEST))) {
                return dir;
            }
            Path nested = dir.resolve("fashion-mnist");
            if (Files.isRegularFile(nested.resolve(MANIFEST))) {
                return nested;
            }
            throw new DataException(
                    "Fashion-MNIST data not found: " + ENV + "=" + fromEnv + " but neither "
                            + dir.resolve(MANIFEST) + " nor " + nested.resolve(MANIFEST)
                            + " exists.");
        }
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("data").resolve("fashion-mnist");
            if (Files.isRegularFile(candidate.resolve(MANIFEST))) {
                return candidate;
            }
        }
        throw new DataException(
                "Fashion-MNIST data not found: there is no data/fashion-mnist/" + MANIFEST
                        + " in " + start + " or any directory above it, and " + ENV
                        + " is not set.");
    }

    /**
     * One entry of the manifest's {@code files} object; -1 marks an absent number.
     *
     * @param sha256 the checksum of the {@code .gz} file
     * @param bytes the size of the {@code .gz} file
     * @param count the number of items
     * @param idxBytes the size of the uncompressed IDX data
     */
    record FileEntry(String sha256, long bytes, long count, long idxBytes) {}

    /**
     * What the kit needs from {@value #MANIFEST}.
     *
     * @param files the entries by file name
     * @param trainMean the training pixels' mean
     * @param trainStd the training pixels' standard deviation
     * @param labels the class names, or an empty list if the manifest has none
     */
    record Manifest(Map<String, FileEntry> files, double trainMean, double trainStd, List<String> labels) {}

    /**
     * Reads the manifest. This is the one place that knows its keys: {@code files.<name>.sha256}
     * (required), {@code .bytes}, {@code .items} or {@code .count}, {@code .idx_bytes}; the
     * statistics as {@code normalization.mean}/{@code normalization.std} or {@code
     * train_mean}/{@code train_std}; the class names as {@code labels}.
     *
     * @param file the manifest
     * @return the parsed manifest
     * @throws DataException if it is missing, not JSON or lacks a needed key
     */
    static Manifest readManifest(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataException("Fashion-MNIST manifest missing: " + file + ".");
        }
        try {
            JsonObject root =
                    JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
                            .getAsJsonObject();
            JsonObject files = root.getAsJsonObject("files");
            if (files == null) {
                throw new DataException("Fashion-MNIST manifest " + file + " has no \"files\" object.");
            }
            Map<String, FileEntry> entries = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : files.entrySet()) {
                JsonObject o = e.getValue().getAsJsonObject();
                JsonElement sha = o.get("sha256");
                if (sha == null) {
                    throw new DataException(
                            "Fashion-MNIST manifest " + file + " has no sha256 for " + e.getKey() + ".");
                }
                entries.put(
                        e.getKey(),
                        new FileEntry(
                                sha.getAsString().toLowerCase(Locale.ROOT),
                                number(o, "bytes"),
                                o.has("items") ? number(o, "items") : number(o, "count"),
                                number(o, "idx_bytes")));
            }
            JsonObject stats = root.has("normalization") ? root.getAsJsonObject("normalization") : root;
            String meanKey = root.has("normalization") ? "mean" : "train_mean";
            String stdKey = root.has("normalization") ? "std" : "train_std";
            if (!stats.has(meanKey) || !stats.has(stdKey)) {
                throw new DataException(
                        "Fashion-MNIST manifest " + file + " lacks the training mean and standard"
                                + " deviation (normalization.mean/std or train_mean/train_std).");
            }
            List<String> labels = new ArrayList<>();
            if (root.has("labels")) {
                for (JsonElement label : root.getAsJsonArray("labels")) {
                    labels.add(label.getAsString());
                }
            }
            return new Manifest(
                    Collections.unmodifiableMap(entries),
                    stats.get(meanKey).getAsDouble(),
                    stats.get(stdKey).getAsDouble(),
                    List.copyOf(labels));
        } catch (IOException | JsonParseException | IllegalStateException | ClassCastException
                | NumberFormatException | UnsupportedOperationException e) {
            throw new DataException("Fashion-MNIST manifest " + file + " cannot be read: " + e, e);
        }
    }

    private static long number(JsonObject o, String key) {
        return o.has(key) ? o.get(key).getAsLong() : -1;
    }

    private static String fileKey(Path file) throws IOException {
        return file.toRealPath() + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
    }

    /**
     * Checks a file against its manifest entry (size, then SHA-256), once per JVM and file version.
     *
     * @param file the file
     * @param manifest the manifest
     * @throws DataException if the file is missing, unlisted, or its size or checksum differ
     */
    static void verify(Path file, Manifest manifest) {
        String name = file.getFileName().toString();
        if (!Files.isRegularFile(file)) {
            throw new DataException("Fashion-MNIST file missing: " + file + ".");
        }
        FileEntry entry = manifest.files().get(name);
        if (entry == null) {
            throw new DataException(
                    "Fashion-MNIST file " + name + " is not listed in " + MANIFEST + " next to it.");
        }
        try {
            String key = fileKey(file);
            if (VERIFIED.contains(key + "|" + entry.sha256())) {
                return;
            }
            long bytes = Files.size(file);
            if (entry.bytes() >= 0 && entry.bytes() != bytes) {
                throw new DataException(
                        "Fashion-MNIST file is corrupt or incomplete: " + file + " has " + bytes
                                + " bytes but " + MANIFEST + " expects " + entry.bytes() + ".");
            }
            String actual = sha256(file);
            if (!actual.equals(entry.sha256())) {
                throw new DataException(
                        "Fashion-MNIST file is corrupt: " + file + " has SHA-256 " + actual + " but "
                                + MANIFEST + " expects " + entry.sha256() + ".");
            }
            VERIFIED.add(key + "|" + entry.sha256());
        } catch (IOException e) {
            throw new DataException("Fashion-MNIST file cannot be read: " + file + " (" + e + ").", e);
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This Java has no SHA-256", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
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
        String kind = magic == IMAGES_MAGIC ? "image" : "label";
        try (DataInputStream in =
                new DataInputStream(
                        new BufferedInputStream(new GZIPInputStream(Files.newInputStream(file), 1 << 16)))) {
            int actualMagic = in.readInt();
            if (actualMagic != magic) {
                throw new DataException(
                        String.format(
                                Locale.ROOT,
                                "Fashion-MNIST file %s is not an IDX %s file: magic number 0x%08X,"
                                        + " expected 0x%08X.",
                                file,
                                kind,
                                actualMagic,
                                magic));
            }
            int count = in.readInt();
            int itemBytes = 1;
            int headerBytes = 8;
            if (magic == IMAGES_MAGIC) {
                headerBytes = 16;
                int rows = in.readInt();
                int cols = in.readInt();
                if (rows != IMAGE_SIZE || cols != IMAGE_SIZE) {
                    throw new DataException(
                            "Fashion-MNIST file " + file + " holds " + rows + "x" + cols
                                    + " images, expected 28x28.");
                }
                itemBytes = PIXELS;
            }
            if (count < 0 || (expectedCount >= 0 && count != expectedCount)) {
                throw new DataException(
                        "Fashion-MNIST file " + file + " holds " + count + " items but " + MANIFEST
                                + " says " + expectedCount + ".");
            }
            if (expectedIdxBytes >= 0 && expectedIdxBytes != headerBytes + (long) count * itemBytes) {
                throw new DataException(
                        "Fashion-MNIST file " + file + " holds " + count + " items, which does not"
                                + " match its size in " + MANIFEST + " (" + expectedIdxBytes + " bytes).");
            }
            byte[] payload = new byte[Math.multiplyExact(count, itemBytes)];
            in.readFully(payload);
            if (in.read() != -1) {
                throw new DataException(
                        "Fashion-MNIST file " + file + " has extra bytes after its " + count + " items.");
            }
            return payload;
        } catch (EOFException e) {
            throw new DataException("Fashion-MNIST file is truncated: " + file + ".", e);
        } catch (IOException e) {
            throw new DataException("Fashion-MNIST file cannot be read: " + file + " (" + e + ").", e);
        }
    }

    static FashionMnist loadSplit(Path dir, Split split) {
        Path imagesFile = dir.resolve(split.imagesFile());
        Path labelsFile = dir.resolve(split.labelsFile());
        Manifest manifest = readManifest(dir.resolve(MANIFEST));
        verify(imagesFile, manifest);
        verify(labelsFile, manifest);
        String key;
        try {
            key = fileKey(imagesFile) + "|" + fileKey(labelsFile) + "|" + fileKey(dir.resolve(MANIFEST));
        } catch (IOException e) {
            throw new DataException("Fashion-MNIST files cannot be read in " + dir + " (" + e + ").", e);
        }
        return PARSED.computeIfAbsent(key, k -> parse(split, imagesFile, labelsFile, manifest));
    }

    private static FashionMnist parse(Split split, Path imagesFile, Path labelsFile, Manifest manifest) {
        if (!manifest.labels().isEmpty() && !manifest.labels().equals(CLASS_NAMES)) {
            throw new DataException(
                    "Fashion-MNIST manifest next to " + imagesFile + " names the classes "
                            + manifest.labels() + ", expected " + CLASS_NAMES + ".");
        }
        FileEntry imagesEntry = manifest.files().get(imagesFile.getFileName().toString());
        FileEntry labelsEntry = manifest.files().get(labelsFile.getFileName().toString());
        byte[] images = readIdx(imagesFile, IMAGES_MAGIC, imagesEntry.count(), imagesEntry.idxBytes());
        byte[] labels = readIdx(labelsFile, LABELS_MAGIC, labelsEntry.count(), labelsEntry.idxBytes());
        int n = labels.length;
        if (images.length != n * PIXELS) {
            throw new DataException(
                    "Fashion-MNIST files disagree: " + imagesFile + " holds " + images.length / PIXELS
                            + " images but " + labelsFile + " holds " + n + " labels.");
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= NUM_CLASSES) {
                throw new DataException(
                        "Fashion-MNIST file " + labelsFile + " has label " + labels[i] + " at item " + i
                                + "; labels must be 0..9.");
            }
        }
        double mean = manifest.trainMean();
        double std = manifest.trainStd();
        if (mean > 1.0) { // the manifest gives pixel statistics on the 0..255 scale
            mean /= 255.0;
            std /= 255.0;
        }
        if (!(std > 0) || !Double.isFinite(mean)) {
            throw new DataException(
                    "Fashion-MNIST manifest has an unusable train_mean/train_std: " + manifest.trainMean()
                            + "/" + manifest.trainStd() + ".");
        }
        return new FashionMnist(split, images, labels, n, (float) mean, (float) std);
    }

    /** Forgets parsed splits and verified checksums (tests use it). */
    static void clearCaches() {
        VERIFIED.clear();
        PARSED.clear();
    }

    private FashionMnist limited(int n) {
        if (n == size) {
            return this;
        }
        return new FashionMnist(split, images, labels, n, mean, std);
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
     * The raw pixels of one image, row by row, 0 (black) to 255 (white) as unsigned bytes.
     *
     * @param i the item index
     * @return a copy of the 784 pixels (read with {@code b & 0xFF})
     */
    @Override
    public byte[] pixels(int i) {
        Objects.checkIndex(i, size);
        byte[] copy = new byte[PIXELS];
        System.arraycopy(images, i * PIXELS, copy, 0, PIXELS);
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
     * One image as a picture (Fashion-MNIST is white clothes on black), for galleries; {@code
     * display(image)} shows it in the notebook.
     *
     * @param i the item index
     * @param scale how many screen pixels per image pixel (1 or more)
     * @return a grey-scale image of {@code 28*scale} square pixels
     */
    @Override
    public BufferedImage image(int i, int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be at least 1, got " + scale);
        }
        byte[] p = pixels(i);
        int side = IMAGE_SIZE * scale;
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int v = p[(y / scale) * IMAGE_SIZE + x / scale] & 0xFF;
                img.getRaster().setSample(x, y, 0, v);
            }
        }
        return img;
    }

    /**
     * The training-set mean used for normalisation, on the 0..1 pixel scale.
     *
     * @return the mean from the manifest
     */
    public float mean() {
        return mean;
    }

    /**
     * The training-set standard deviation used for normalisation, on the 0..1 pixel scale.
     *
     * @return the standard deviation from the manifest
     */
    public float std() {
        return std;
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
     * @return 1: Fashion-MNIST is grey
     */
    @Override
    public int channels() {
        return 1;
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
     * The training-set mean as a one-channel array (see {@link #mean()}).
     *
     * @return {@code {mean()}}
     */
    @Override
    public float[] channelMean() {
        return new float[] {mean};
    }

    /**
     * The training-set standard deviation as a one-channel array (see {@link #std()}).
     *
     * @return {@code {std()}}
     */
    @Override
    public float[] channelStd() {
        return new float[] {std};
    }

    /**
     * Copies these items into a DJL data set.
     *
     * @param manager owns the arrays (close it to free them)
     * @param batchSize items per batch
     * @param shuffle whether to shuffle (with a {@link SeededSampler}) each epoch
     * @param seed the shuffle seed
     * @return images (n, 1, 28, 28) float32 normalised, labels (n) float32
     */
    @Override
    public ArrayDataset toDataset(NDManager manager, int batchSize, boolean shuffle, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        NDArray x;
        try (NDArray raw =
                manager.create(
                        ByteBuffer.wrap(images, 0, size * PIXELS).slice(),
                        new Shape(size, 1, IMAGE_SIZE, IMAGE_SIZE),
                        DataType.UINT8)) {
            x = raw.toType(DataType.FLOAT32, true);
        }
        // (p/255 - mean)/std  ==  p * (1/(255 std)) - mean/std
        x.muli(1f / (255f * std)).subi(mean / std);
        float[] y = new float[size];
        for (int i = 0; i < size; i++) {
            y[i] = labels[i];
        }
        NDArray labelArray = manager.create(y);
        BatchSampler sampler =
                new BatchSampler(
                        shuffle ? new SeededSampler(seed) : new SequenceSampler(), batchSize, false);
        return new ArrayDataset.Builder()
                .setData(x)
                .optLabels(labelArray)
                .setSampling(sampler)
                .build();
    }

    /** Describes what to load; see {@link FashionMnist}. */
    public static final class Builder {
        private Split split = Split.TRAIN;
        private int limit = -1;
        private int batchSize = 128;
        private boolean shuffle;
        private long seed = 42;
        private Path dataDir;

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
         * Keep only the first n items (class balanced, because the files are interleaved).
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
         * @param dir the directory holding {@value FashionMnist#MANIFEST}
         * @return this builder
         */
        public Builder dataDir(Path dir) {
            this.dataDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * Loads (or reuses) the verified raw items, without an engine.
         *
         * @return the items
         * @throws DataException if the data is missing or corrupt
         * @throws IllegalArgumentException if the limit exceeds the split's size
         */
        public FashionMnist load() {
            FashionMnist all = loadSplit(dataDir != null ? dataDir : FashionMnist.dataDir(), split);
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
