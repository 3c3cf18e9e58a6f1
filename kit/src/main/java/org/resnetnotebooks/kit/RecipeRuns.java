package org.resnetnotebooks.kit;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The time-to-accuracy runs of notebook 06's two recipes, as {@code bin/benchmark
 * --time-to-accuracy --write} recorded them in {@code notebooks/results/06-recipes.json}: for each
 * recipe and seed, the test accuracy after every epoch and the wall time it took to get there.
 *
 * <p>Why a file: the notebook trains one recipe once; comparing recipes needs both, over several
 * seeds, on one quiet machine, which takes about an hour and a half. The notebook reads what the
 * benchmark measured and says where it came from.
 */
public final class RecipeRuns {

    /** The command that makes the file. */
    public static final String COMMAND = "bin/benchmark --time-to-accuracy --write";

    /**
     * One run.
     *
     * @param recipe "fast" or "paper"
     * @param seed its seed
     * @param describe the recipe in words
     * @param minutes wall time at the end of each epoch (training + the recipe's evaluations)
     * @param accuracy test accuracy after each epoch, the recipe's way (the fast recipe's: with
     *     the flipped view)
     * @param accuracyPlain test accuracy after each epoch, each image seen once
     * @param imagesPerSecond training throughput over the run
     */
    public record Run(String recipe, long seed, String describe, double[] minutes, double[] accuracy,
            double[] accuracyPlain, double imagesPerSecond) {

        /**
         * @param target a test accuracy, e.g. 0.93
         * @return the minutes at the end of the first epoch that reached it, NaN if none did
         */
        public double minutesTo(double target) {
            for (int i = 0; i < accuracy.length; i++) {
                if (accuracy[i] >= target) {
                    return minutes[i];
                }
            }
            return Double.NaN;
        }

        /** @return the test accuracy after the last epoch */
        public double finalAccuracy() {
            return accuracy[accuracy.length - 1];
        }

        /** @return the epochs run */
        public int epochs() {
            return accuracy.length;
        }
    }

    private final String machine;
    private final double target;
    private final List<Run> runs;

    private RecipeRuns(String machine, double target, List<Run> runs) {
        this.machine = machine;
        this.target = target;
        this.runs = List.copyOf(runs);
    }

    /**
     * Reads {@code results/06-recipes.json} next to the running notebook.
     *
     * @return the runs
     * @throws DataException if the file is missing or unreadable, naming the command that makes it
     */
    public static RecipeRuns load() {
        return load(Path.of("results", "06-recipes.json"));
    }

    static RecipeRuns load(Path file) {
        if (!Files.exists(file)) {
            throw new DataException("No recipe runs at " + file.toAbsolutePath()
                    + ". Restore notebooks/results/ from git, or make the file with: " + COMMAND);
        }
        try {
            JsonObject root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            List<Run> runs = new ArrayList<>();
            for (JsonElement e : root.getAsJsonArray("runs")) {
                JsonObject r = e.getAsJsonObject();
                runs.add(new Run(r.get("recipe").getAsString(), r.get("seed").getAsLong(), r.get("describe").getAsString(),
                        doubles(r.getAsJsonArray("minutes")), doubles(r.getAsJsonArray("test_accuracy")),
                        doubles(r.getAsJsonArray("test_accuracy_plain")), r.get("images_per_second").getAsDouble()));
            }
            if (runs.isEmpty()) {
                throw new IllegalStateException("it holds no runs");
            }
            return new RecipeRuns(root.get("machine").getAsString(), root.get("target").getAsDouble(), runs);
        } catch (IOException | RuntimeException e) {
            throw new DataException("Cannot read the recipe runs in " + file.toAbsolutePath() + " (" + e.getMessage()
                    + "). Restore it from git, or make it again with: " + COMMAND, e);
        }
    }

    private static double[] doubles(JsonArray a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsDouble();
        }
        return out;
    }

    /** @return the machine the runs were made on */
    public String machine() {
        return machine;
    }

    /** @return the accuracy the benchmark timed, e.g. 0.93 */
    public double target() {
        return target;
    }

    /**
     * @param recipe "fast" or "paper"
     * @return that recipe's runs, in seed order of the file
     */
    public List<Run> runs(String recipe) {
        return runs.stream().filter(r -> r.recipe().equals(recipe)).toList();
    }

    /**
     * The curves for a chart: one per run, named "recipe, seed N".
     *
     * @param plain true: each test image seen once; false: the recipe's own way
     * @return name → {minutes, test accuracy in %}
     */
    public Map<String, double[][]> accuracyCurves(boolean plain) {
        Map<String, double[][]> out = new LinkedHashMap<>();
        for (String recipe : Recipe.NAMES) {
            for (Run r : runs(recipe)) {
                double[] acc = (plain ? r.accuracyPlain() : r.accuracy()).clone();
                for (int i = 0; i < acc.length; i++) {
                    acc[i] *= 100;
                }
                out.put(recipe + " recipe, seed " + r.seed(), new double[][] {r.minutes(), acc});
            }
        }
        return out;
    }
}
