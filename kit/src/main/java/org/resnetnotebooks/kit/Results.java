package org.resnetnotebooks.kit;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Records the numbers a notebook's prose claims, so the test harness can check them.
 *
 * <p>Why: a teaching notebook says things like "the residual net reaches 91 % test accuracy".
 * The harness runs every notebook and then asserts such claims against what was measured. Each
 * notebook calls {@code Results.record("test_accuracy", acc)}; when the environment variable
 * {@value #ENV} names a file, the value is merged into that JSON object (key to number or text,
 * plus {@code "key_figure"}: one sentence summarising the notebook). When the variable is unset
 * (a learner's normal run) nothing is written.
 *
 * <p>Each write reads the current file, merges, writes a temporary file in the same directory and
 * moves it over the old one atomically, so a reader never sees a half-written file. Non-finite
 * numbers are written as {@code NaN}/{@code Infinity} (Python's {@code json} module reads them),
 * because "the loss diverged" is a result too.
 */
public final class Results {

    /** The environment variable naming the results file ({@link Settings#RESULTS_FILE}). */
    public static final String ENV = Settings.RESULTS_FILE;

    /** The key under which {@link #keyFigure(String)} stores its sentence. */
    public static final String KEY_FIGURE = "key_figure";

    private static final Gson GSON =
            new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    private final Path file;

    private Results(Path file) {
        this.file = file;
    }

    /**
     * The results file named by a given environment (tests pass a map).
     *
     * @param env the environment variables
     * @return a recorder; it writes nothing when {@value #ENV} is unset or blank
     */
    static Results forEnvironment(Map<String, String> env) {
        return new Results(Settings.path(env, Settings.RESULTS_FILE).orElse(null));
    }

    /**
     * Records a number under a key (replacing an earlier value of that key).
     *
     * @param key the name the harness looks up, e.g. {@code "test_accuracy"}
     * @param value the measured value
     */
    public static void record(String key, double value) {
        forEnvironment(System.getenv()).put(key, new JsonPrimitive(value));
    }

    /**
     * Records a text under a key (replacing an earlier value of that key).
     *
     * @param key the name the harness looks up
     * @param value the text
     */
    public static void record(String key, String value) {
        forEnvironment(System.getenv()).put(key, new JsonPrimitive(Objects.requireNonNull(value, "value")));
    }

    /**
     * Records the notebook's key figure: one sentence with the number that matters most.
     *
     * @param text e.g. "ResNet-20 reaches 90.1 % test accuracy after 10 epochs"
     */
    public static void keyFigure(String text) {
        record(KEY_FIGURE, text);
    }

    /**
     * Starts collecting a notebook's results, to be written together by {@link Batch#save()}.
     *
     * <p>Why: the numbers a notebook's takeaways rest on are recorded in one cell at its end, so
     * the teaching cells hold no test plumbing and the file is written once, not once per number.
     *
     * @return an empty batch
     */
    public static Batch batch() {
        return new Batch(forEnvironment(System.getenv()));
    }

    /** Results collected for one write; keys keep the order they were added in. */
    public static final class Batch {
        private final Results target;
        private final JsonObject values = new JsonObject();

        Batch(Results target) {
            this.target = target;
        }

        /**
         * @param key the name the harness looks up
         * @param value the measured value
         * @return this batch
         */
        public Batch put(String key, double value) {
            return add(key, new JsonPrimitive(value));
        }

        /**
         * @param key the name the harness looks up
         * @param value a text, e.g. a verdict
         * @return this batch
         */
        public Batch put(String key, String value) {
            return add(key, new JsonPrimitive(Objects.requireNonNull(value, "value")));
        }

        /**
         * One number per item, e.g. each depth's final error under {@code "final_mse_L" + depth}.
         *
         * @param items the items
         * @param key each item's key
         * @param value each item's value
         * @param <T> the items' type
         * @return this batch
         */
        public <T> Batch putEach(Iterable<T> items, java.util.function.Function<T, String> key,
                java.util.function.ToDoubleFunction<T> value) {
            for (T item : items) {
                put(key.apply(item), value.applyAsDouble(item));
            }
            return this;
        }

        /**
         * @param text the notebook's key figure: one sentence with the number that matters most
         * @return this batch
         */
        public Batch keyFigure(String text) {
            return put(KEY_FIGURE, text);
        }

        /** @return how many results the batch holds */
        public int size() {
            return values.size();
        }

        private Batch add(String key, JsonElement value) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("A result needs a non-empty key.");
            }
            if (values.has(key)) {
                throw new IllegalArgumentException("The result " + key + " was added twice to one batch.");
            }
            values.add(key, value);
            return this;
        }

        /**
         * Writes every collected result in one atomic write, and says what happened.
         *
         * @return a line for the notebook: how many results went where, or that none were written
         */
        public String save() {
            if (target.file == null) {
                return String.format(Locale.ROOT, "%d results measured; none written (%s is not set: only the tests"
                        + " and bin/series set it).", values.size(), ENV);
            }
            synchronized (Results.class) {
                JsonObject all = target.read();
                for (Map.Entry<String, JsonElement> e : values.entrySet()) {
                    all.add(e.getKey(), e.getValue());
                }
                target.write(all);
            }
            return String.format(Locale.ROOT, "%d results written to %s.", values.size(), target.file.getFileName());
        }
    }

    /**
     * Tells whether results are being written.
     *
     * @return {@code true} when {@value #ENV} is set
     */
    public static boolean isEnabled() {
        return forEnvironment(System.getenv()).file != null;
    }

    /**
     * Merges one key into the file (no-op when no file is configured).
     *
     * @param key the key
     * @param value the JSON value
     */
    synchronized void put(String key, JsonElement value) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("A result needs a non-empty key.");
        }
        if (file == null) {
            return;
        }
        synchronized (Results.class) {
            JsonObject all = read();
            all.add(key, value);
            write(all);
        }
    }

    private JsonObject read() {
        if (!Files.exists(file)) {
            return new JsonObject();
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (text.isBlank()) {
                return new JsonObject();
            }
            JsonElement parsed = JsonParser.parseString(text);
            if (!parsed.isJsonObject()) {
                throw new IllegalStateException(
                        "The results file " + file + " does not hold a JSON object; delete it or"
                                + " point " + ENV + " at a new file.");
            }
            return parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalStateException(
                    "The results file " + file + " is not valid JSON; delete it or point " + ENV
                            + " at a new file.",
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the results file " + file, e);
        }
    }

    private void write(JsonObject all) {
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, absolute.getFileName().toString(), ".tmp");
            Files.writeString(tmp, GSON.toJson(all) + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(
                        tmp,
                        absolute,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the results file " + file, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original error is the one worth reporting
                }
            }
        }
    }
}
