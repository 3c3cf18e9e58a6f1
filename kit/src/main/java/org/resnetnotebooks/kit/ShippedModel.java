package org.resnetnotebooks.kit;

import ai.djl.MalformedModelException;
import ai.djl.Model;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The weights of a full training run of notebook 06, committed with the project.
 *
 * <p>Why: the full run takes 35–42 minutes on a 2-core laptop and over an hour on a hosted
 * one-CPU session. A learner who cannot wait loads this model instead, and every section after
 * training (test accuracy, confusion matrix, mistakes, save and reload) works the same.
 *
 * <p>Each model lives in {@code data/models/<id>/}: the parameters DJL saved
 * ({@code <prefix>-0000.params}) and {@code record.json}, which says how they were made (seed,
 * epochs, engine, test accuracy, date, commit, the command that regenerates them) and holds their
 * SHA-256 and the run's metrics per epoch. The parameters are checked against that checksum
 * before they are loaded. {@code python3 tools/ship_model.py} regenerates both.
 */
public final class ShippedModel {

    /** Where the models are, if not in {@code data/models} of this checkout ({@link Settings#MODELS_DIR}). */
    public static final String ENV = Settings.MODELS_DIR;

    /** What to do when there is no shipped model; appended to that message. */
    public static final String HOW_TO_MAKE =
            "`python3 tools/ship_model.py` makes it (a full run of notebook 06), or copy the folder from"
                    + " someone who has made it; or set the plan to \"train\" and train here.";

    /** What to do when a shipped model is damaged; appended to those messages. */
    public static final String HOW_TO_FIX =
            "If the folder is committed, `git checkout -- data/models` restores it; otherwise"
                    + " `python3 tools/ship_model.py` makes it again. Or set the plan to \"train\" and train here.";

    private static final Gson GSON = new Gson();

    /**
     * What {@code record.json} says.
     *
     * @param id the model's folder name, e.g. {@code resnet20-fashion-mnist}
     * @param description the net, in words
     * @param dataset the data set id ({@link DatasetChoice#id()})
     * @param depth the ResNet depth (6n + 2)
     * @param seed the run's random seed
     * @param epochs epochs trained
     * @param engine engine name and version that trained it
     * @param testAccuracy accuracy on the full test set, measured at the end of the run
     * @param trained date of the run (ISO)
     * @param commit the project's commit whose notebook 06 trained it
     * @param paramsPrefix DJL's file prefix ({@code <prefix>-0000.params})
     * @param paramsFile the parameters' file name
     * @param sha256 the parameters' SHA-256
     * @param bytes the parameters' size
     * @param trainingMinutes wall-clock minutes of the training loop
     * @param machine where it ran, in words
     * @param command the command that regenerates the model and this record
     * @param metrics per epoch: "epoch", "train loss", "train error", "test error"
     * @param recipe notebook 06's recipe, "fast" or "paper" (absent in records made before the
     *     fast recipe: those are the paper's)
     */
    public record Record(String id, String description, String dataset, int depth, long seed, int epochs,
            String engine, double testAccuracy, String trained, String commit, String paramsPrefix,
            String paramsFile, String sha256, long bytes, double trainingMinutes, String machine, String command,
            List<Map<String, Double>> metrics, String recipe) {

        /** @return notebook 06's recipe that trained the model; records made before there were two say none: "paper" */
        public String recipeName() {
            return recipe == null ? "paper" : recipe;
        }
    }

    private final Path dir;
    private final Record record;

    private ShippedModel(Path dir, Record record) {
        this.dir = dir;
        this.record = record;
    }

    /**
     * Finds a shipped model and checks it.
     *
     * @param id its folder name, e.g. {@code resnet20-fashion-mnist}
     * @return the model, checked against its record's SHA-256
     * @throws DataException if it is missing, its record is unreadable or its parameters are damaged
     */
    public static ShippedModel find(String id) {
        return find(modelsDir(System.getenv(), Paths.get("").toAbsolutePath()), id);
    }

    static ShippedModel find(Path modelsDir, String id) {
        Path dir = modelsDir.resolve(id);
        Path recordFile = dir.resolve("record.json");
        if (!Files.isRegularFile(recordFile)) {
            throw new DataException("There is no shipped model " + id + " here (" + shown(modelsDir, id)
                    + " does not exist).", HOW_TO_MAKE, null);
        }
        Record record;
        try {
            record = GSON.fromJson(Files.readString(recordFile, StandardCharsets.UTF_8), Record.class);
        } catch (IOException | JsonParseException e) {
            throw new DataException("The record of the shipped model " + id + " (" + recordFile + ") cannot be read: "
                    + e.getMessage() + ".", HOW_TO_FIX, e);
        }
        if (record == null || record.paramsFile() == null || record.sha256() == null) {
            throw new DataException("The record of the shipped model " + id + " (" + recordFile
                    + ") names no parameter file or checksum.", HOW_TO_FIX, null);
        }
        Path params = dir.resolve(record.paramsFile());
        if (!Files.isRegularFile(params)) {
            throw new DataException("The shipped model's parameters are missing: " + params + " does not exist.",
                    HOW_TO_FIX, null);
        }
        String actual = sha256(params);
        if (!actual.equals(record.sha256())) {
            throw new DataException("The shipped model's parameters are damaged: " + params + " has SHA-256 "
                    + actual + ", its record says " + record.sha256() + ".", HOW_TO_FIX, null);
        }
        return new ShippedModel(dir, record);
    }

    /**
     * The folder of the shipped models: {@value #ENV} if set, else {@code data/models} in the
     * working directory or the nearest directory above it (notebooks run in {@code notebooks/}).
     */
    /** The record's path as a learner finds it: inside the project, data/models/...; else in full. */
    static String shown(Path modelsDir, String id) {
        Path record = modelsDir.resolve(id).resolve("record.json");
        boolean inProject = modelsDir.getFileName() != null && modelsDir.getFileName().toString().equals("models")
                && modelsDir.getParent() != null && modelsDir.getParent().getFileName() != null
                && modelsDir.getParent().getFileName().toString().equals("data");
        return inProject ? "data/models/" + id + "/record.json" : record.toString();
    }

    static Path modelsDir(Map<String, String> env, Path start) {
        Optional<Path> fromEnv = Settings.path(env, Settings.MODELS_DIR);
        if (fromEnv.isPresent()) {
            return fromEnv.get().toAbsolutePath();
        }
        for (Path d = start; d != null; d = d.getParent()) {
            Path candidate = d.resolve("data").resolve("models");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        // No model made yet: the project's data/ folder (the nearest one above), where one would go.
        for (Path d = start; d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("data"))) {
                return d.resolve("data").resolve("models");
            }
        }
        return start.resolve("data").resolve("models");
    }

    /** @return what the record says */
    public Record record() {
        return record;
    }

    /** @return the model's folder */
    public Path dir() {
        return dir;
    }

    /**
     * Loads the parameters into a model whose block has the shipped net's architecture.
     *
     * <p>Call it before a trainer is created (as with {@link Checkpoints#restore}): MXNet's
     * parameter store copies the weights when the trainer is initialised.
     *
     * @param model the model, its block initialised with the shipped net's shapes
     * @throws DataException if the parameters do not fit the model's block
     */
    public void loadInto(Model model) {
        try {
            model.load(dir, record.paramsPrefix());
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new DataException("The shipped model " + record.id() + " does not fit this net (" + e.getMessage()
                    + "). It is a " + record.description() + " for " + record.dataset() + ".", HOW_TO_FIX, e);
        }
    }

    /** @return the run's metrics per epoch, to draw its training curves */
    public MetricsLog metrics() {
        MetricsLog log = new MetricsLog();
        for (Map<String, Double> row : record.metrics()) {
            Map<String, Double> values = new LinkedHashMap<>(row);
            int epoch = values.remove(MetricsLog.EPOCH).intValue();
            log.add(epoch, values);
        }
        return log;
    }

    /** @return one sentence for the learner: what this model is and how it was made */
    public String describe() {
        return String.format(
                "Shipped model %s: %s trained for %d epochs with the %s recipe on %s (seed %d, %s, %.0f minutes on %s,"
                        + " %s, commit %s); test accuracy %.2f %%%s. Checked: SHA-256 %s… matches its record.",
                record.id(), record.description(), record.epochs(), record.recipeName(), record.dataset(), record.seed(),
                record.engine(),
                record.trainingMinutes(), record.machine(), record.trained(), record.commit().substring(0, Math.min(10, record.commit().length())),
                100 * record.testAccuracy(),
                Recipe.named(record.recipeName(), record.epochs()).flipAtTest() ? " (each test image also seen mirrored)" : "",
                record.sha256().substring(0, 12));
    }

    static String sha256(Path file) {
        try {
            return Sha256.of(file);
        } catch (IOException e) {
            throw new DataException("Cannot read " + file + ": " + e.getMessage() + ".", HOW_TO_FIX, e);
        }
    }
}
