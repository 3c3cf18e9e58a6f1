package org.resnetnotebooks.kit;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import tech.tablesaw.api.Table;

/**
 * Training checkpoints that survive an interrupted run: parameters, optimizer state, the epoch
 * and the metrics so far, written after every epoch so that nothing is lost.
 *
 * <p>Layout under the root folder: {@code epoch-NNNN/} (model parameters, optimizer buffers,
 * {@code state.json} with checksums and the run's identity) and {@code LATEST}, which names the
 * newest complete one. A checkpoint is written into a temporary folder and renamed into place
 * only when complete, then {@code LATEST} is replaced atomically: a run killed half-way leaves the
 * previous checkpoint as it was.
 *
 * <p>Nothing is lost or misused:
 * <ul>
 *   <li>the two newest complete checkpoints are kept, so one damaged file costs one epoch;
 *   <li>{@link #restore} tries {@code LATEST}, then every {@code epoch-NNNN} from the newest, so a
 *       missing or damaged {@code LATEST} costs nothing; a damaged checkpoint is moved aside,
 *       never deleted;
 *   <li>a checkpoint records its run's identity (data set, model, input shape, epochs, schedule,
 *       mode, seed: whatever {@link #forRun} is given). One of another identity, or with
 *       parameters of other shapes, is never loaded: the whole set is moved aside, and the message
 *       says what differs;
 *   <li>only checkpoints of the same identity are ever deleted (superseded by a newer one).
 * </ul>
 *
 * <p>Why not DJL's {@code SaveModelTrainingListener}: it saves the parameters, the same ones as
 * here, but nothing else, so a run resumed from its file starts the momentum and the learning-rate
 * schedule again from step 0 and no longer follows the run that was never stopped; it writes
 * straight to the final file name, so a kernel killed while writing leaves a damaged file; a save
 * that fails is only logged; and nothing says which run a file belongs to. {@code
 * CheckpointsTest} saves with both and resumes from both.
 */
public final class Checkpoints {

    private static final String LATEST = "LATEST";
    private static final String PARAMS_NAME = "model";
    private static final String OPTIMIZER_FILE = "optimizer.ndlist";
    private static final String STATE_FILE = "state.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    private final Path root;
    private final Path shown;

    /** What {@link #restore} found. */
    public enum Status {
        /** No checkpoint: start at epoch 1. */
        FRESH,
        /** Resumed after the saved epoch. */
        RESUMED,
        /** A checkpoint was there but unreadable: moved aside, start at epoch 1. */
        CORRUPT_STARTED_FRESH
    }

    /**
     * The outcome of {@link #restore}.
     *
     * @param status what happened
     * @param epoch the last completed epoch (0 when fresh)
     * @param metrics the metrics of the completed epochs (empty when fresh)
     * @param message one sentence for the learner
     */
    public record Resume(Status status, int epoch, MetricsLog metrics, String message) {}

    /** What {@code state.json} holds. */
    private static final class SavedState {
        int epoch;
        Map<String, String> identity;
        Map<String, String> parameterShapes;
        Map<String, Integer> optimizerSteps;
        Map<String, String> sha256;
        List<Map<String, Double>> metrics;
    }

    private final Map<String, String> identity;

    /**
     * Checkpoints with no identity recorded (tests, or a run of one's own that never changes).
     *
     * @param root the folder for this training run's checkpoints (created when needed)
     */
    public Checkpoints(Path root) {
        this(root, Map.of());
    }

    private Checkpoints(Path root, Map<String, String> identity) {
        this.root = root.toAbsolutePath();
        // Messages show the folder as it was given (e.g. ../build/checkpoints/...), so a saved
        // notebook does not carry this machine's absolute paths.
        this.shown = root.normalize();
        this.identity = Map.copyOf(identity);
    }

    /**
     * Checkpoints of one training run, which {@link #restore} resumes only if they were saved
     * with the same identity.
     *
     * @param root the folder for this run's checkpoints
     * @param identity what makes two runs the same run, e.g. {@code "dataset" -> "fashion-mnist",
     *     "epochs" -> 15, "seed" -> 42} (values are compared as text)
     * @return the checkpoints
     */
    public static Checkpoints forRun(Path root, Map<String, ?> identity) {
        Map<String, String> text = new TreeMap<>();
        identity.forEach((k, v) -> text.put(k, String.valueOf(v)));
        return new Checkpoints(root, text);
    }

    /** @return the folder */
    public Path root() {
        return root;
    }

    /**
     * Saves a complete checkpoint for the epoch just finished, atomically.
     *
     * @param epoch the completed epoch (1, 2, …)
     * @param model the model whose parameters to save
     * @param optimizer the optimizer whose momentum and step counts to save
     * @param metrics the metrics so far
     * @return the checkpoint folder
     */
    public Path save(int epoch, Model model, MomentumSgd optimizer, MetricsLog metrics) {
        try {
            Files.createDirectories(root);
            Path tmp = Files.createTempDirectory(root, ".tmp-epoch-" + epoch + "-");
            model.save(tmp, PARAMS_NAME);
            MomentumSgd.State opt = optimizer.exportState(model.getBlock());
            Files.write(tmp.resolve(OPTIMIZER_FILE), opt.velocities().encode());
            SavedState state = new SavedState();
            state.epoch = epoch;
            state.identity = new TreeMap<>(identity);
            state.parameterShapes = parameterShapes(model);
            state.optimizerSteps = opt.steps();
            state.metrics = rows(metrics);
            state.sha256 = new LinkedHashMap<>();
            try (Stream<Path> files = Files.list(tmp)) {
                for (Path f : files.sorted().toList()) {
                    state.sha256.put(f.getFileName().toString(), Sha256.of(f));
                }
            }
            writeAtomically(tmp.resolve(STATE_FILE), GSON.toJson(state));
            Path target = root.resolve(String.format("epoch-%04d", epoch));
            if (Files.exists(target)) {
                // This run redoes an epoch (it resumed from an older checkpoint): the old copy
                // goes if it is this run's; anything else is moved aside, never deleted.
                if (sameRun(target)) {
                    deleteTree(target);
                } else {
                    move(target, asideName(target, "other-run"));
                }
            }
            move(tmp, target);
            writeAtomically(root.resolve(LATEST), target.getFileName().toString());
            pruneSuperseded();
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not save the checkpoint for epoch " + epoch + " in " + root
                    + " (disk full or not writable?): " + e.getMessage(), e);
        }
    }

    /**
     * Restores the newest usable checkpoint of this run into a model and the optimizer.
     *
     * <p>Call it after the model's block is initialised and BEFORE the trainer is created: MXNet's
     * parameter server takes its own copy of the weights when the trainer is initialised, and
     * would overwrite weights loaded after that.
     *
     * @param model the model, whose block is initialised with the shapes this run uses
     * @param optimizer the optimizer to receive momentum and step counts
     * @return what happened, with sentences to show
     */
    public Resume restore(Model model, MomentumSgd optimizer) {
        cleanTemporaries();
        List<String> notes = new ArrayList<>();
        for (Path dir : candidates()) {
            SavedState state;
            try {
                state = verified(dir);
            } catch (IOException | RuntimeException e) {
                Path aside = moveAside(dir, "damaged");
                notes.add("The checkpoint " + shown(dir) + " is damaged (" + Errors.describe(e) + "); it was moved to "
                        + shown(aside) + ", nothing deleted.");
                continue;
            }
            String differs = differences(state.identity);
            if (differs.isEmpty()) {
                differs = loadInto(dir, state, model, optimizer);
            }
            if (!differs.isEmpty()) {
                Path aside = moveRunAside();
                notes.add("The checkpoints in " + shown + " are of another run (" + differs + "), so they were not"
                        + " loaded: they were moved to " + shown(aside) + ", nothing deleted. To resume that run"
                        + " instead, use the settings it was made with and move its folders back.");
                break;
            }
            MetricsLog metrics = new MetricsLog();
            for (Map<String, Double> row : state.metrics) {
                Map<String, Double> values = new LinkedHashMap<>(row);
                int epoch = values.remove(MetricsLog.EPOCH).intValue();
                metrics.add(epoch, values);
            }
            try {
                writeAtomically(root.resolve(LATEST), dir.getFileName().toString());
            } catch (IOException e) {
                notes.add("(Could not update " + LATEST + ": " + e.getMessage() + ".)");
            }
            notes.add("Resumed from " + dir.getFileName() + ": epochs 1–" + state.epoch
                    + " are done, training continues at epoch " + (state.epoch + 1) + ".");
            return new Resume(Status.RESUMED, state.epoch, metrics, String.join(" ", notes));
        }
        if (notes.isEmpty()) {
            return new Resume(Status.FRESH, 0, new MetricsLog(), "No checkpoint in " + shown + ": training starts at epoch 1.");
        }
        notes.add("Training starts fresh at epoch 1.");
        return new Resume(Status.CORRUPT_STARTED_FRESH, 0, new MetricsLog(), String.join(" ", notes));
    }

    /** LATEST's checkpoint first (if it names one), then every epoch folder, newest first. */
    private List<Path> candidates() {
        List<Path> out = new ArrayList<>();
        Path latest = root.resolve(LATEST);
        try {
            if (Files.exists(latest)) {
                Path named = root.resolve(Files.readString(latest, StandardCharsets.UTF_8).strip());
                if (named.getParent().equals(root) && Files.isDirectory(named)) {
                    out.add(named);
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable LATEST: the scan below finds the checkpoints
        }
        for (Path d : epochFolders()) {
            if (!out.contains(d)) {
                out.add(d);
            }
        }
        return out;
    }

    /** The epoch-NNNN folders, newest first. */
    private List<Path> epochFolders() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(p -> p.getFileName().toString().matches("epoch-\\d{4}") && Files.isDirectory(p))
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The checkpoint's state.json, read but not checked against its files. */
    private static SavedState readState(Path dir) throws IOException {
        SavedState state = GSON.fromJson(Files.readString(dir.resolve(STATE_FILE), StandardCharsets.UTF_8), SavedState.class);
        if (state == null || state.sha256 == null || state.sha256.isEmpty() || state.metrics == null) {
            throw new IOException(STATE_FILE + " is empty or incomplete");
        }
        return state;
    }

    /** The checkpoint's state, after checking that every file it lists is there and intact. */
    private static SavedState verified(Path dir) throws IOException {
        SavedState state = readState(dir);
        for (Map.Entry<String, String> e : state.sha256.entrySet()) {
            Path f = dir.resolve(e.getKey());
            if (!Files.exists(f)) {
                throw new IOException(e.getKey() + " is missing");
            }
            if (!Sha256.of(f).equals(e.getValue())) {
                throw new IOException(e.getKey() + " does not match its checksum (a damaged or partial file)");
            }
        }
        return state;
    }

    /** What differs between a saved identity and this run's, e.g. "epochs: 2 there, 1 here"; "" if none. */
    private String differences(Map<String, String> saved) {
        Map<String, String> there = saved == null ? Map.of() : saved;
        if (there.isEmpty() && !identity.isEmpty()) {
            return "saved by an older version of this notebook, which recorded no run settings";
        }
        TreeSet<String> keys = new TreeSet<>(identity.keySet());
        keys.addAll(there.keySet());
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            String a = there.get(k);
            String b = identity.get(k);
            if (!Objects.equals(a, b)) {
                out.add(k + ": " + (a == null ? "not recorded" : a) + " there, " + (b == null ? "not set" : b) + " here");
            }
        }
        return String.join("; ", out);
    }

    /** Every parameter's shape, e.g. "01Linear_weight" -> "(3, 5)". */
    private static Map<String, String> parameterShapes(Model model) {
        Map<String, String> shapes = new LinkedHashMap<>();
        model.getBlock().getParameters().forEach(p -> shapes.put(p.getKey(), p.getValue().getArray().getShape().toString()));
        return shapes;
    }

    /**
     * Loads parameters and optimizer state; returns "" or what did not fit. Shapes are compared
     * before loading (from state.json), because loading replaces the model's arrays whatever
     * their shape, and MXNet notices only at the next forward pass.
     */
    private String loadInto(Path dir, SavedState state, Model model, MomentumSgd optimizer) {
        if (state.parameterShapes != null) {
            Map<String, String> here = parameterShapes(model);
            for (Map.Entry<String, String> e : state.parameterShapes.entrySet()) {
                String want = here.get(e.getKey());
                if (!e.getValue().equals(want)) {
                    return "parameter " + e.getKey() + " has shape " + e.getValue() + " there, "
                            + (want == null ? "no such parameter" : want) + " here";
                }
            }
            if (!here.keySet().equals(state.parameterShapes.keySet())) {
                return "the model has other parameters (" + here.size() + " here, " + state.parameterShapes.size() + " there)";
            }
        }
        try {
            model.load(dir, PARAMS_NAME);
        } catch (IOException | RuntimeException | ai.djl.MalformedModelException e) {
            return "its parameters do not load into this model: " + Errors.describe(e);
        }
        try (NDManager scratch = model.getNDManager().newSubManager()) {
            NDList buffers = NDList.decode(scratch, Files.readAllBytes(dir.resolve(OPTIMIZER_FILE)));
            optimizer.importState(buffers, state.optimizerSteps, model.getBlock());
        } catch (IOException | RuntimeException e) {
            return "its optimizer state does not fit this model: " + Errors.describe(e);
        }
        return "";
    }

    /** Whether a checkpoint folder is this run's (its state.json says so; no checksums needed). */
    private boolean sameRun(Path dir) {
        try {
            return differences(readState(dir).identity).isEmpty();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Deletes every checkpoint of this run (to train again from scratch). */
    public void clear() {
        if (Files.exists(root)) {
            try {
                deleteTree(root);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static List<Map<String, Double>> rows(MetricsLog metrics) {
        Table t = metrics.table();
        List<Map<String, Double>> rows = new ArrayList<>();
        for (int r = 0; r < t.rowCount(); r++) {
            Map<String, Double> row = new LinkedHashMap<>();
            for (String name : t.columnNames()) {
                Object v = t.column(name).get(r);
                row.put(name, v == null ? Double.NaN : ((Number) v).doubleValue());
            }
            rows.add(row);
        }
        return rows;
    }

    private Path shown(Path p) {
        return shown.resolve(root.relativize(p.toAbsolutePath()));
    }

    private static Path asideName(Path p, String why) {
        return p.resolveSibling(p.getFileName() + "." + why + "-" + System.currentTimeMillis());
    }

    /** Moves one checkpoint folder aside (never deletes it); returns where it went. */
    private Path moveAside(Path dir, String why) {
        Path aside = asideName(dir, why);
        try {
            move(dir, aside);
            return aside;
        } catch (IOException e) {
            return dir;
        }
    }

    /** Moves every checkpoint of the folder (and LATEST) into one aside-... folder. */
    private Path moveRunAside() {
        Path aside = root.resolve("aside-" + System.currentTimeMillis());
        try {
            Files.createDirectories(aside);
            for (Path d : epochFolders()) {
                move(d, aside.resolve(d.getFileName()));
            }
            Path latest = root.resolve(LATEST);
            if (Files.exists(latest)) {
                move(latest, aside.resolve(LATEST));
            }
        } catch (IOException e) {
            // what could not be moved stays; a later save never deletes another run's folder
        }
        return aside;
    }

    /** Deletes this run's checkpoints older than the two newest. */
    private void pruneSuperseded() throws IOException {
        List<Path> mine = new ArrayList<>();
        for (Path d : epochFolders()) {
            if (sameRun(d)) {
                mine.add(d);
            }
        }
        // epochFolders() is newest first; keep two.
        for (int i = 2; i < mine.size(); i++) {
            deleteTree(mine.get(i));
        }
    }

    private void cleanTemporaries() {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList()) {
                deleteTree(d); // left by a run that was killed while saving
            }
        } catch (IOException ignored) {
            // best effort: leftovers are harmless, LATEST never points at them
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void writeAtomically(Path target, String text) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), ".tmp-", ".part");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        move(tmp, target);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }


}
