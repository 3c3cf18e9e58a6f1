package org.resnetnotebooks.kit;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The runs of one notebook with several seeds, as {@code tools/seed_spread.py} recorded them in
 * {@code notebooks/results/<notebook>.seeds.json}.
 *
 * <p>Why: a notebook that compares nets trains each once, and one run can point either way when
 * the effect is small. A notebook that cannot afford several seeds in its own run time reads
 * their spread from this file, which a documented command made, and words its conclusions to it.
 */
public final class SeedSpread {

    /** One seed's run: its seed and what the notebook recorded. */
    public record Run(long seed, double minutes, JsonObject results) {
        /**
         * @param key a result's name, e.g. {@code train_error_plain-26}
         * @return its value, or NaN when this run did not record it
         */
        public double value(String key) {
            JsonElement e = results.get(key);
            return e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber() ? Double.NaN : e.getAsDouble();
        }
    }

    private final String command;
    private final String machine;
    private final List<Run> runs;

    private SeedSpread(String command, String machine, List<Run> runs) {
        this.command = command;
        this.machine = machine;
        this.runs = List.copyOf(runs);
    }

    /**
     * Reads {@code results/<notebook>.seeds.json} next to the running notebook.
     *
     * @param notebook the notebook's file name without {@code .ipynb}
     * @return the recorded runs
     * @throws DataException if the file is missing or unreadable, naming the command that makes it
     */
    public static SeedSpread load(String notebook) {
        return load(Path.of("results", notebook + ".seeds.json"), notebook);
    }

    static SeedSpread load(Path file, String notebook) {
        String make = "python3 tools/seed_spread.py --only " + notebook.substring(0, 2) + " --seeds 1 2 3";
        if (!Files.exists(file)) {
            throw new DataException("No seed runs at " + file.toAbsolutePath() + ". Restore notebooks/results/ from git,"
                    + " or make the file with: " + make);
        }
        try {
            JsonObject root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            List<Run> runs = new ArrayList<>();
            String machine = "";
            for (JsonElement e : root.getAsJsonArray("runs")) {
                JsonObject r = e.getAsJsonObject();
                runs.add(new Run(r.get("seed").getAsLong(), r.get("minutes").getAsDouble(), r.getAsJsonObject("results")));
                if (r.has("machine")) machine = r.get("machine").getAsString();
            }
            return new SeedSpread(root.has("command") ? root.get("command").getAsString() : make, machine, runs);
        } catch (IOException | RuntimeException e) {
            throw new DataException("Cannot read the seed runs in " + file.toAbsolutePath() + " (" + e.getMessage()
                    + "). Restore it from git, or make it again with: " + make, e);
        }
    }

    /** @return the recorded runs, in seed order */
    public List<Run> runs() {
        return runs;
    }

    /**
     * @param key a result's name
     * @return its value in every run, in seed order
     */
    public double[] values(String key) {
        return runs.stream().mapToDouble(r -> r.value(key)).toArray();
    }

    /**
     * The smallest and largest value of one result over the seed runs.
     *
     * @param key a result's name
     * @return its range; a run that did not record the key is left out
     */
    public Range range(String key) {
        double[] all = java.util.Arrays.stream(values(key)).filter(v -> !Double.isNaN(v)).toArray();
        return new Range(java.util.Arrays.stream(all).min().orElse(Double.NaN),
                java.util.Arrays.stream(all).max().orElse(Double.NaN), all.length);
    }

    /**
     * Where one result lay over the seed runs, to compare a learner's own run with.
     *
     * @param min the smallest value
     * @param max the largest value
     * @param runs how many runs recorded it
     */
    public record Range(double min, double max, int runs) {
        /**
         * @param value a new run's value
         * @return whether it lies within the seed runs' range (ends included)
         */
        public boolean contains(double value) {
            return value >= min && value <= max;
        }

        /**
         * @param what the quantity in words, e.g. "plain-26 ended"
         * @return e.g. "over 3 seeds, plain-26 ended between 1.2 % and 3.4 %"
         */
        public String describe(String what) {
            return String.format(Locale.ROOT, "over %d seeds, %s between %.1f %% and %.1f %%", runs, what, min, max);
        }

        /**
         * The sentence an experiment's check ends with: can one run tell the change from the seed?
         *
         * @param value the learner's run with the change
         * @param change the change in words, e.g. "the warm-up's"
         * @return "inside that range: one run cannot tell …" or "outside that range: larger than …"
         */
        public String verdict(double value, String change) {
            return contains(value)
                    ? "Your run lies inside that range, so one run cannot tell " + change + " effect from the seed's."
                    : "Your run lies outside that range: a difference larger than the seed alone makes.";
        }

        /**
         * The answer to an experiment exercise: the learner's changed run beside the reference run
         * of this kernel, and beside the seed runs' range (which is about the reference).
         *
         * @param changedRun the changed run, as the sentence's subject, e.g. "Without warm-up plain-26"
         * @param measured the changed run's final training error (%)
         * @param referenceRun the reference run, e.g. "with it"
         * @param reference the reference run's final training error (%) in this kernel
         * @param referenceName the reference in the seed runs' clause, e.g. "with warm-up"
         * @param change whose effect the verdict is about, e.g. "the warm-up's"
         * @return two sentences
         */
        public String compare(String changedRun, double measured, String referenceRun, double reference,
                String referenceName, String change) {
            return String.format(Locale.ROOT, "%s ended at %.1f %% training error, %s at %.1f %% (%+.1f points);"
                    + " %s, %s. %s", changedRun, measured, referenceRun, reference, measured - reference,
                    referenceName, describe("it ended"), verdict(measured, change));
        }
    }

    /** @return the command that made the file, to repeat or extend it */
    public String command() {
        return command;
    }

    /** @return a sentence saying where the runs come from */
    public String describe() {
        return String.format(Locale.ROOT, "%d runs with seeds %s, made by `%s`%s.", runs.size(),
                runs.stream().map(r -> String.valueOf(r.seed())).toList(), command,
                machine.isEmpty() ? "" : " on " + machine);
    }
}
