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
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
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

    /** The environment variable naming the results file. */
    public static final String ENV = "RESNET_RESULTS_FILE";

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
        String name = env.get(ENV);
        return new Results(name == null || name.isBlank() ? null : Paths.get(name.strip()));
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
