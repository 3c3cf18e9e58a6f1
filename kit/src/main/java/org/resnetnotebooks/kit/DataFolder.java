package org.resnetnotebooks.kit;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A prepared data set's folder: where it is, what its {@value #MANIFEST} says, whether a file is
 * the one the manifest lists; and the caches that make a second load free.
 *
 * <p>Why a class of its own: {@link FashionMnist} and {@link Cifar10} need the same four things
 * before they can parse a byte (find the folder from the settings, read the manifest, verify each
 * file's SHA-256 once per JVM, keep parsed splits), and had each written them. Here they are
 * written once, and the readers only parse their format. What differs between the data sets (the
 * name in messages, the folder's name, the variable that may point at it, the advice that ends
 * every message) is a {@link Kind}.
 *
 * <p>Where a folder is found, first match wins:
 *
 * <ol>
 *   <li>the data set's own variable ({@value Settings#DATA_DIR} for Fashion-MNIST, {@value
 *       Settings#CIFAR10_DIR} for CIFAR-10): the folder itself, or a folder that holds it;
 *   <li>for CIFAR-10 only, when {@value Settings#DATA_DIR} is set: {@code cifar-10/} next to the
 *       Fashion-MNIST folder it names;
 *   <li>the first {@code data/<folder>} in the working directory or one above it.
 * </ol>
 *
 * <p>A folder "holds" a data set when one of the kind's marker files is in it. Every problem is a
 * {@link DataException} that names the file and ends with the kind's advice.
 */
final class DataFolder {

    /** The manifest's file name, written by the {@code data/prepare_*.py} scripts. */
    static final String MANIFEST = "MANIFEST.json";

    /**
     * What differs between the data sets.
     *
     * @param name the data set's name in messages, e.g. {@code Fashion-MNIST}
     * @param folderName the folder under {@code data/}, e.g. {@code fashion-mnist}
     * @param variable the environment variable that may name the folder
     * @param otherNames other names the folder may have inside the one the variable names
     * @param markers the files of which one tells that a folder holds the data set
     * @param howToFix what to do about any problem; ends every message
     */
    record Kind(String name, String folderName, String variable, List<String> otherNames,
            List<String> markers, String howToFix) {

        DataException problem(String what) {
            return new DataException(what, howToFix, null);
        }

        DataException problem(String what, Throwable cause) {
            return new DataException(what, howToFix, cause);
        }

        private boolean holds(Path dir) {
            return markers.stream().anyMatch(m -> Files.isRegularFile(dir.resolve(m)));
        }
    }

    /** Fashion-MNIST, prepared by the set-up; its manifest is required. */
    static final Kind FASHION_MNIST = new Kind("Fashion-MNIST", "fashion-mnist", Settings.DATA_DIR,
            List.of(), List.of(MANIFEST), DataException.HOW_TO_FIX);

    /** CIFAR-10, optional; also read from the archive's own folder, without a manifest. */
    static final Kind CIFAR10 = new Kind("CIFAR-10", "cifar-10", Settings.CIFAR10_DIR,
            List.of("cifar-10-batches-bin"), List.of(MANIFEST, "test_batch.bin", "data_batch_1.bin"),
            Cifar10.HOW_TO_FIX);

    /** Files whose checksum matched, keyed by path, size, modification time and checksum. */
    private static final Set<String> VERIFIED = ConcurrentHashMap.newKeySet();
    /** Parsed splits, keyed by the versions of the files they came from. */
    private static final Map<String, Object> PARSED = new ConcurrentHashMap<>();

    private final Kind kind;
    private final Path dir;

    private DataFolder(Kind kind, Path dir) {
        this.kind = kind;
        this.dir = dir;
    }

    /**
     * A folder given by the caller (tests, a custom layout), used as it is.
     *
     * @param kind the data set
     * @param dir its folder
     * @return the folder
     */
    static DataFolder at(Kind kind, Path dir) {
        return new DataFolder(kind, dir);
    }

    /**
     * Finds the data set's folder by the rules of the class comment.
     *
     * @param kind the data set
     * @param env the environment variables
     * @param start where the search upwards begins (the working directory)
     * @return the folder
     * @throws DataException if none holds the data set
     */
    static DataFolder find(Kind kind, Map<String, String> env, Path start) {
        Optional<Path> named = Settings.path(env, kind.variable());
        if (named.isPresent()) {
            Path dir = named.get().toAbsolutePath();
            List<Path> candidates = new ArrayList<>(List.of(dir, dir.resolve(kind.folderName())));
            kind.otherNames().forEach(other -> candidates.add(dir.resolve(other)));
            for (Path candidate : candidates) {
                if (kind.holds(candidate)) {
                    return new DataFolder(kind, candidate);
                }
            }
            throw kind.problem(kind.name() + " data not found: " + kind.variable() + "=" + Settings.given(env, kind.variable()).orElse("")
                    + ", but none of " + candidates + " holds " + markers(kind) + ".");
        }
        Optional<Path> fashion = Settings.path(env, Settings.DATA_DIR);
        if (kind != FASHION_MNIST && fashion.isPresent()) {
            Path given = fashion.get().toAbsolutePath();
            Path fashionDir = FASHION_MNIST.holds(given) ? given : given.resolve(FASHION_MNIST.folderName());
            Path parent = fashionDir.getParent() != null ? fashionDir.getParent() : fashionDir;
            Path candidate = parent.resolve(kind.folderName());
            if (kind.holds(candidate)) {
                return new DataFolder(kind, candidate);
            }
            throw kind.problem(kind.name() + " data not found: " + Settings.DATA_DIR + "=" + Settings.given(env, Settings.DATA_DIR).orElse("")
                    + " is set, so " + kind.name() + " is expected next to it in " + candidate
                    + ", which holds none of " + markers(kind) + " (" + kind.variable() + " is not set).");
        }
        for (Path d = start; d != null; d = d.getParent()) {
            Path candidate = d.resolve("data").resolve(kind.folderName());
            if (kind.holds(candidate)) {
                return new DataFolder(kind, candidate);
            }
        }
        String wanted = kind.markers().stream().map(m -> "data/" + kind.folderName() + "/" + m)
                .collect(Collectors.joining(" or "));
        throw kind.problem(kind.name() + " data not found: there is no " + wanted + " in " + start
                + " or any directory above it, and " + kind.variable() + " is not set.");
    }

    private static String markers(Kind kind) {
        return String.join(" or ", kind.markers());
    }

    /** @return the folder */
    Path dir() {
        return dir;
    }

    /** @return the data set */
    Kind kind() {
        return kind;
    }

    /**
     * One file the manifest lists.
     *
     * @param name its name
     * @param sha256 its checksum, lower-case hex
     * @param bytes its size, or -1 when the manifest does not say
     * @param fields everything the manifest says about it (the reader takes its counts from here)
     */
    record Entry(String name, String sha256, long bytes, JsonObject fields) {
        /**
         * @param keys the names the number may have, first match wins
         * @return the number, or -1 when none is given
         */
        long number(String... keys) {
            for (String key : keys) {
                if (fields.has(key)) {
                    return fields.get(key).getAsLong();
                }
            }
            return -1;
        }
    }

    /**
     * What a manifest says: {@code {"files": {name: {"sha256", "bytes", ...}}, "normalization":
     * {"mean", "std"}, "labels": [...]}}.
     *
     * @param file the manifest
     * @param files its entries by file name
     * @param root the whole manifest
     * @param labels the class names, or an empty list
     */
    record Manifest(Path file, Map<String, Entry> files, JsonObject root, List<String> labels) {}

    /** @return whether the folder has a manifest */
    boolean hasManifest() {
        return Files.isRegularFile(dir.resolve(MANIFEST));
    }

    /**
     * Reads the manifest.
     *
     * @return the manifest
     * @throws DataException if it is missing, not JSON, or an entry has no checksum
     */
    Manifest manifest() {
        Path file = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw kind.problem(kind.name() + " manifest missing: " + file + ".");
        }
        try {
            JsonObject root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            JsonObject files = root.getAsJsonObject("files");
            if (files == null) {
                throw kind.problem(kind.name() + " manifest " + file + " has no \"files\" object.");
            }
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : files.entrySet()) {
                JsonObject o = e.getValue().getAsJsonObject();
                if (!o.has("sha256")) {
                    throw kind.problem(kind.name() + " manifest " + file + " has no sha256 for " + e.getKey() + ".");
                }
                entries.put(e.getKey(), new Entry(e.getKey(), o.get("sha256").getAsString().toLowerCase(Locale.ROOT),
                        o.has("bytes") ? o.get("bytes").getAsLong() : -1, o));
            }
            List<String> labels = new ArrayList<>();
            if (root.has("labels")) {
                root.getAsJsonArray("labels").forEach(label -> labels.add(label.getAsString()));
            }
            return new Manifest(file, Map.copyOf(entries), root, List.copyOf(labels));
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException d) {
                throw d;
            }
            throw kind.problem(kind.name() + " manifest " + file + " cannot be read: " + e, e);
        }
    }

    /**
     * The manifest's entry for a file.
     *
     * @param manifest the manifest
     * @param name the file's name
     * @return its entry
     * @throws DataException if the manifest does not list it
     */
    Entry entry(Manifest manifest, String name) {
        Entry entry = manifest.files().get(name);
        if (entry == null) {
            throw kind.problem(kind.name() + " file " + name + " is not listed in " + manifest.file() + ".");
        }
        return entry;
    }

    /**
     * Checks that the manifest names the classes the reader knows (a manifest without names passes).
     *
     * @param manifest the manifest
     * @param expected the class names, by class id
     */
    void checkLabels(Manifest manifest, List<String> expected) {
        if (!manifest.labels().isEmpty() && !manifest.labels().equals(expected)) {
            throw kind.problem(kind.name() + " manifest " + manifest.file() + " names the classes "
                    + manifest.labels() + ", expected " + expected + ".");
        }
    }

    /**
     * The training set's statistic per channel: {@code normalization.<key>} (one number, or a list
     * of one per channel), or else {@code train_<key>}.
     *
     * @param manifest the manifest
     * @param key {@code mean} or {@code std}
     * @param channels how many values are wanted
     * @return one value per channel, as the manifest writes them
     */
    float[] statistic(Manifest manifest, String key, int channels) {
        JsonObject root = manifest.root();
        JsonObject norm = root.has("normalization") ? root.getAsJsonObject("normalization") : null;
        JsonElement value = norm != null ? norm.get(key) : root.get("train_" + key);
        try {
            float[] out = new float[channels];
            if (value != null && value.isJsonPrimitive() && channels == 1) {
                out[0] = value.getAsFloat();
                return out;
            }
            JsonArray values = value != null && value.isJsonArray() ? value.getAsJsonArray() : null;
            if (values == null || values.size() != channels) {
                throw kind.problem(kind.name() + " manifest " + manifest.file() + ": normalization." + key
                        + " must hold " + channels + (channels == 1 ? " number" : " numbers, one per channel") + ".");
            }
            for (int c = 0; c < channels; c++) {
                out[c] = values.get(c).getAsFloat();
            }
            return out;
        } catch (IllegalStateException | ClassCastException | NumberFormatException | UnsupportedOperationException e) {
            throw kind.problem(kind.name() + " manifest " + manifest.file() + " cannot be read: " + e, e);
        }
    }

    /**
     * Refuses statistics a net cannot be normalised with (a zero or negative deviation, NaN).
     *
     * @param mean the mean per channel
     * @param std the standard deviation per channel
     */
    void checkStatistics(float[] mean, float[] std) {
        for (int c = 0; c < mean.length; c++) {
            if (!(std[c] > 0) || !Float.isFinite(std[c]) || !Float.isFinite(mean[c])) {
                throw kind.problem(kind.name() + " statistics for " + dir + " are unusable: channel " + c
                        + " has mean " + mean[c] + " and standard deviation " + std[c] + ".");
            }
        }
    }

    /**
     * Checks a file against its entry: there, of the listed size, of the listed SHA-256. Hashed
     * once per JVM and file version (path, size, modification time).
     *
     * @param file the file
     * @param entry its entry
     * @throws DataException if it is missing, of another size or checksum, or unreadable
     */
    void verify(Path file, Entry entry) {
        if (!Files.isRegularFile(file)) {
            throw kind.problem(kind.name() + " file missing: " + file + ".");
        }
        try {
            String key = version(file) + "|" + entry.sha256();
            if (VERIFIED.contains(key)) {
                return;
            }
            long bytes = Files.size(file);
            if (entry.bytes() >= 0 && entry.bytes() != bytes) {
                throw kind.problem(kind.name() + " file is corrupt or incomplete: " + file + " has " + bytes
                        + " bytes but " + MANIFEST + " expects " + entry.bytes() + ".");
            }
            String actual = Sha256.of(file);
            if (!actual.equals(entry.sha256())) {
                throw kind.problem(kind.name() + " file is corrupt: " + file + " has SHA-256 " + actual + " but "
                        + MANIFEST + " expects " + entry.sha256() + ".");
            }
            VERIFIED.add(key);
        } catch (IOException e) {
            throw kind.problem(kind.name() + " file cannot be read: " + file + " (" + e + ").", e);
        }
    }

    /**
     * A split parsed from these files, parsed once per JVM and version of the files.
     *
     * @param what what is parsed (with anything else that changes the result), e.g. {@code TRAIN}
     * @param files the files it is parsed from (the manifest too, when there is one)
     * @param parse parses it
     * @param <T> the reader's type
     * @return the cached or newly parsed split
     */
    @SuppressWarnings("unchecked")
    <T> T parsed(String what, List<Path> files, Supplier<T> parse) {
        StringBuilder key = new StringBuilder(kind.name()).append('|').append(what);
        try {
            for (Path file : files) {
                key.append('|').append(version(file));
            }
        } catch (IOException e) {
            throw kind.problem(kind.name() + " files cannot be read in " + dir + " (" + e + ").", e);
        }
        Object cached = PARSED.get(key.toString());
        if (cached == null) { // not computeIfAbsent: a parse may load another split first
            cached = parse.get();
            PARSED.put(key.toString(), cached);
        }
        return (T) cached;
    }

    private static String version(Path file) throws IOException {
        return file.toRealPath() + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
    }

    /** Forgets parsed splits and verified checksums (tests use it). */
    static void clearCaches() {
        VERIFIED.clear();
        PARSED.clear();
    }

    /**
     * The folder a reader's builder was given, or else the one this process finds.
     *
     * @param kind the data set
     * @param given the folder given with {@code dataDir(...)}, or {@code null}
     * @return the folder
     * @throws DataException if none is given and none can be found
     */
    static DataFolder givenOrFound(Kind kind, Path given) {
        return given != null ? at(kind, given) : find(kind, System.getenv(), Paths.get("").toAbsolutePath());
    }
}
