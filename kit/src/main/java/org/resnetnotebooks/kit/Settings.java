package org.resnetnotebooks.kit;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every {@code RESNET_*} environment variable the kit and the notebooks read, in one place, each
 * checked when it is read.
 *
 * <p>Why: the notebooks take no parameters other than environment variables (papermill has no
 * Java translator), and a typo in one ({@code RESNET_MODE=fsat}) must not silently run something
 * else. Each method here reads one variable, accepts an unset or blank value as "the default",
 * and refuses anything else it cannot use with an {@link IllegalArgumentException} whose message
 * names the variable, the value it holds and the values it accepts. The README's "Settings" table
 * lists the same variables (a test keeps the two in step), and {@code
 * kernel-setup/run_settings.py} makes the same checks in the terminal before {@code bin/lab} or
 * {@code bin/series} starts a kernel.
 *
 * <p>The public methods read {@link System#getenv()}; the kit's classes and the tests call the
 * package-private forms with a map of their own. The variables that name a place ({@code
 * RESNET_DATA_DIR}, {@code RESNET_CIFAR10_DIR}, {@code RESNET_MODELS_DIR}, {@code
 * RESNET_RESULTS_FILE}, {@code RESNET_STOP_FILE}) are read with {@link #path(Map, String)} by the
 * class that looks there ({@link DataFolder}, {@link ShippedModel}, {@link Results}, {@link
 * StopButton}), and one that is text to show ({@code RESNET_SESSION_LIMITS}, for {@link
 * DeviceReport}) with {@link #given(Map, String)}. A notebook writes, for example:
 *
 * <pre>{@code
 * int epochs = Settings.epochs(15);               // RESNET_EPOCHS, or 15
 * String plan = Settings.plan();                  // RESNET_PLAN: "train" (default) or "shipped"
 * Path checkpoints = Settings.checkpointDir("../build/checkpoints");
 * }</pre>
 *
 * <p>Variables only the project's own scripts read ({@code RESNET_HEAP}, {@code
 * RESNET_MIN_FREE_GB}, {@code RESNET_TEST_PYTORCH}) are in the README's table, not here.
 */
public final class Settings {

    /** {@code fast} for the tests' quick run; {@code full}, {@code default} or unset for the real one. */
    public static final String MODE = "RESNET_MODE";
    /** The values {@value #MODE} accepts (case and spaces aside); unset means {@code full}. */
    public static final List<String> MODES = List.of("fast", "full", "default");
    /** Overrides every notebook's random seed (the seed-spread runs set it). */
    public static final String SEED = "RESNET_SEED";
    /** Notebook 06's number of epochs, 1 to {@value #MAX_EPOCHS}. */
    public static final String EPOCHS = "RESNET_EPOCHS";
    /** Notebook 06 trains ({@code train}) or loads the shipped model ({@code shipped}). */
    public static final String PLAN = "RESNET_PLAN";
    /** The values {@value #PLAN} accepts; the first is the default. */
    public static final List<String> PLANS = List.of("train", "shipped");
    /** Notebook 06's recipe: {@code fast} or {@code paper} (see {@link Recipe}). */
    public static final String RECIPE = "RESNET_RECIPE";
    /** The values {@value #RECIPE} accepts; the first is the default. */
    public static final List<String> RECIPES = Recipe.NAMES;
    /** Notebook 06's data set: {@code fashion-mnist} or {@code cifar10}. */
    public static final String DATASET = "RESNET_DATASET";
    /** The values {@value #DATASET} accepts; the first is the default. */
    public static final List<String> DATASETS = List.of("fashion-mnist", "cifar10");
    /** Where Fashion-MNIST is: its folder, or the folder that holds {@code fashion-mnist/}. */
    public static final String DATA_DIR = "RESNET_DATA_DIR";
    /** Where CIFAR-10 is: its folder, or one that holds {@code cifar-10/}. */
    public static final String CIFAR10_DIR = "RESNET_CIFAR10_DIR";
    /** Where shipped models are, instead of {@code data/models}. */
    public static final String MODELS_DIR = "RESNET_MODELS_DIR";
    /** Where notebook 06 keeps its checkpoints. */
    public static final String CHECKPOINT_DIR = "RESNET_CHECKPOINT_DIR";

    /** The variables above: a learner, an instructor or a workshop may set them. */
    public static final List<String> YOURS =
            List.of(MODE, SEED, EPOCHS, PLAN, RECIPE, DATASET, DATA_DIR, CIFAR10_DIR, MODELS_DIR, CHECKPOINT_DIR);

    /** The JSON file a notebook records its numbers in (the runner and the tests set it). */
    public static final String RESULTS_FILE = "RESNET_RESULTS_FILE";
    /** The file the kernel's launcher writes when the stop button is pressed. */
    public static final String STOP_FILE = "RESNET_STOP_FILE";
    /** The session's memory and CPU limits, as the kernel's launcher read them. */
    public static final String SESSION_LIMITS = "RESNET_SESSION_LIMITS";
    /** Which kernel this is, written into the project's kernelspecs by the set-up. */
    public static final String KERNEL = "RESNET_KERNEL";

    /** The variables above: the project's runner, kernel launcher and set-up write them. */
    public static final List<String> THE_PROJECTS = List.of(RESULTS_FILE, STOP_FILE, SESSION_LIMITS, KERNEL);

    /** Every variable this class reads. */
    public static final List<String> ALL = Stream.concat(YOURS.stream(), THE_PROJECTS.stream()).toList();

    /** The longest run {@value #EPOCHS} may ask for. */
    public static final int MAX_EPOCHS = 9999;

    private static final Pattern EPOCHS_PATTERN = Pattern.compile("[1-9][0-9]{0,3}");
    private static final Pattern SEED_PATTERN = Pattern.compile("-?[0-9]{1,18}");

    private Settings() {}

    /**
     * Whether this is the fast run of the tests ({@value #MODE}).
     *
     * @return {@code true} for {@code fast}
     * @throws IllegalArgumentException for a value not in {@link #MODES}
     */
    public static boolean fastMode() {
        return fastMode(System.getenv());
    }

    static boolean fastMode(Map<String, String> env) {
        return given(env, MODE)
                .map(v -> {
                    String mode = v.toLowerCase(Locale.ROOT);
                    if (!MODES.contains(mode)) {
                        throw refused(MODE, v, "fast, full or default (unset means full)");
                    }
                    return mode.equals("fast");
                })
                .orElse(false);
    }

    /**
     * The seed {@value #SEED} sets for every notebook, if any.
     *
     * @return the seed, or empty when the notebooks use their own
     * @throws IllegalArgumentException for a value that is not a whole number
     */
    public static OptionalLong seed() {
        return seed(System.getenv());
    }

    static OptionalLong seed(Map<String, String> env) {
        Optional<String> v = given(env, SEED);
        if (v.isEmpty()) {
            return OptionalLong.empty();
        }
        if (!SEED_PATTERN.matcher(v.get()).matches()) {
            throw refused(SEED, v.get(), "a whole number, e.g. 42");
        }
        return OptionalLong.of(Long.parseLong(v.get()));
    }

    /**
     * Notebook 06's number of epochs ({@value #EPOCHS}).
     *
     * @param defaultValue the notebook's own length, used when the variable is unset
     * @return 1 to {@value #MAX_EPOCHS}
     * @throws IllegalArgumentException for anything else
     */
    public static int epochs(int defaultValue) {
        return epochs(System.getenv(), defaultValue);
    }

    static int epochs(Map<String, String> env, int defaultValue) {
        Optional<String> v = given(env, EPOCHS);
        if (v.isEmpty()) {
            return defaultValue;
        }
        if (!EPOCHS_PATTERN.matcher(v.get()).matches()) {
            throw refused(EPOCHS, v.get(), "a whole number of epochs from 1 to " + MAX_EPOCHS
                    + " (unset: " + defaultValue + ")");
        }
        return Integer.parseInt(v.get());
    }

    /**
     * Notebook 06's plan ({@value #PLAN}): train here, or load the shipped model of a full run.
     *
     * @return {@code "train"} (the default) or {@code "shipped"}
     * @throws IllegalArgumentException for a value not in {@link #PLANS}
     */
    public static String plan() {
        return plan(System.getenv());
    }

    static String plan(Map<String, String> env) {
        return oneOf(env, PLAN, PLANS, v -> v.toLowerCase(Locale.ROOT));
    }

    /**
     * Notebook 06's recipe ({@value #RECIPE}): the fast one, or the paper's as the reference.
     *
     * @return {@code "fast"} (the default) or {@code "paper"}
     * @throws IllegalArgumentException for a value not in {@link #RECIPES}
     */
    public static String recipe() {
        return recipe(System.getenv());
    }

    static String recipe(Map<String, String> env) {
        return oneOf(env, RECIPE, RECIPES, v -> v.toLowerCase(Locale.ROOT));
    }

    /**
     * The data set asked for ({@value #DATASET}); {@link DatasetChoice} checks that it is there.
     *
     * @return {@code "fashion-mnist"} (the default) or {@code "cifar10"}
     * @throws IllegalArgumentException for a value not in {@link #DATASETS}
     */
    public static String dataset() {
        return dataset(System.getenv());
    }

    static String dataset(Map<String, String> env) {
        // "Fashion_MNIST", "fashionmnist", "CIFAR-10" all say what they mean.
        return oneOf(env, DATASET, DATASETS, v -> {
            String key = v.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
            return key.equals("fashionmnist") ? "fashion-mnist" : key;
        });
    }

    /**
     * Where notebook 06 keeps its checkpoints ({@value #CHECKPOINT_DIR}).
     *
     * @param defaultDir the notebook's own folder, used when the variable is unset
     * @return the folder (relative paths are relative to the kernel's working folder)
     * @throws IllegalArgumentException if the value is not a path
     */
    public static Path checkpointDir(String defaultDir) {
        return path(System.getenv(), CHECKPOINT_DIR).orElseGet(() -> Paths.get(defaultDir));
    }

    /**
     * The file {@value #RESULTS_FILE} names, if set: where {@link Results} writes.
     *
     * @return the file, or empty (a learner's run records nothing)
     * @throws IllegalArgumentException if the value is not a path
     */
    public static Optional<Path> resultsFile() {
        return path(System.getenv(), RESULTS_FILE);
    }

    /**
     * Which kernel this is ({@value #KERNEL}), as the set-up wrote it into the kernelspec.
     *
     * @return e.g. "JJava 1.0a8 (configured by kernel-setup)", or empty for a kernel the set-up
     *     did not configure
     */
    public static Optional<String> kernelName() {
        return given(System.getenv(), KERNEL);
    }

    // ------------------------------------------------------------ reading and refusing

    /**
     * What a variable holds, unchecked: for the variables that are text to show ({@value
     * #SESSION_LIMITS}, {@value #KERNEL}), and for messages that quote a value.
     *
     * @param env the environment variables
     * @param name the variable
     * @return the stripped value, or empty when unset or blank (which means "the default")
     */
    static Optional<String> given(Map<String, String> env, String name) {
        String raw = env.get(name);
        return raw == null || raw.isBlank() ? Optional.empty() : Optional.of(raw.strip());
    }

    private static String oneOf(Map<String, String> env, String name, List<String> accepted,
            java.util.function.UnaryOperator<String> canonical) {
        Optional<String> v = given(env, name);
        if (v.isEmpty()) {
            return accepted.get(0);
        }
        String c = canonical.apply(v.get());
        if (!accepted.contains(c)) {
            throw refused(name, v.get(), String.join(" or ", accepted) + " (unset means " + accepted.get(0) + ")");
        }
        return c;
    }

    /**
     * A variable that names a file or folder: {@value #DATA_DIR}, {@value #CIFAR10_DIR}, {@value
     * #MODELS_DIR}, {@value #CHECKPOINT_DIR}, {@value #RESULTS_FILE}, {@value #STOP_FILE}. Whether
     * the place exists is for its reader to say (it knows what should be there).
     *
     * @param env the environment variables
     * @param name the variable
     * @return the path as given (relative paths stay relative), or empty when unset or blank
     * @throws IllegalArgumentException if the value cannot be a path on this system
     */
    static Optional<Path> path(Map<String, String> env, String name) {
        Optional<String> v = given(env, name);
        try {
            return v.map(p -> Paths.get(p));
        } catch (InvalidPathException e) {
            throw refused(name, v.get(), "a path (" + e.getReason() + ")");
        }
    }

    /**
     * The error for a value that cannot be used, in the words {@code kernel-setup/run_settings.py}
     * uses in the terminal.
     *
     * @param name the variable
     * @param value what it holds
     * @param accepted what it may hold
     * @return the exception to throw
     */
    static IllegalArgumentException refused(String name, String value, String accepted) {
        return new IllegalArgumentException(name + "='" + value + "' is not accepted: use " + accepted
                + ". Change or unset it where Jupyter is started (e.g. `unset " + name + "`, then"
                + " bin/lab), then restart the kernel; README.md 'Settings' lists every setting.");
    }
}
