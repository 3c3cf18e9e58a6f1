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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tech.tablesaw.api.Table;

/**
 * Training checkpoints that survive an interrupted run: parameters, optimizer state, the epoch
 * and the metrics so far, written after every epoch so that nothing is lost.
 *
 * <p>Layout under the root folder: {@code epoch-NNNN/} (model parameters, optimizer buffers,
 * {@code state.json} with checksums) and {@code LATEST}, which names the newest complete one.
 * A checkpoint is written into a temporary folder and renamed into place only when complete,
 * then {@code LATEST} is replaced atomically: a run killed half-way leaves the previous
 * checkpoint as it was. A checkpoint that fails to load (missing file, wrong checksum, a model of
 * another shape) is moved aside, never deleted, and training starts fresh with a message.
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
        Map<String, Integer> optimizerSteps;
        Map<String, String> sha256;
        List<Map<String, Double>> metrics;
    }

    /**
     * @param root the folder for this training run's checkpoints (created when needed)
     */
    public Checkpoints(Path root) {
        this.root = root.toAbsolutePath();
        // Messages show the folder as it was given (e.g. ../build/checkpoints/...), so a saved
        // notebook does not carry this machine's absolute paths.
        this.shown = root.normalize();
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
            state.optimizerSteps = opt.steps();
            state.metrics = rows(metrics);
            state.sha256 = new LinkedHashMap<>();
            try (Stream<Path> files = Files.list(tmp)) {
                for (Path f : files.sorted().toList()) {
                    state.sha256.put(f.getFileName().toString(), sha256(f));
                }
            }
            writeAtomically(tmp.resolve(STATE_FILE), GSON.toJson(state));
            Path target = root.resolve(String.format("epoch-%04d", epoch));
            if (Files.exists(target)) {
                deleteTree(target);
            }
            move(tmp, target);
            writeAtomically(root.resolve(LATEST), target.getFileName().toString());
            pruneOlderThan(target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not save the checkpoint for epoch " + epoch + " in " + root
                    + " (disk full or not writable?): " + e.getMessage(), e);
        }
    }

    /**
     * Restores the newest checkpoint into a model and the optimizer, if there is one.
     *
     * <p>Call it after the model's block is initialised and BEFORE the trainer is created: MXNet's
     * parameter server takes its own copy of the weights when the trainer is initialised, and
     * would overwrite weights loaded after that.
     *
     * @param model the model, whose block is initialised with the same shapes as when saved
     * @param optimizer the optimizer to receive momentum and step counts
     * @return what happened, with a sentence to show
     */
    public Resume restore(Model model, MomentumSgd optimizer) {
        cleanTemporaries();
        Path latest = root.resolve(LATEST);
        if (!Files.exists(latest)) {
            return new Resume(Status.FRESH, 0, new MetricsLog(), "No checkpoint in " + shown + ": training starts at epoch 1.");
        }
        Path dir = null;
        try {
            dir = root.resolve(Files.readString(latest, StandardCharsets.UTF_8).strip());
            SavedState state = GSON.fromJson(Files.readString(dir.resolve(STATE_FILE), StandardCharsets.UTF_8), SavedState.class);
            if (state == null || state.sha256 == null || state.sha256.isEmpty()) {
                throw new IOException(STATE_FILE + " is empty or incomplete");
            }
            for (Map.Entry<String, String> e : state.sha256.entrySet()) {
                Path f = dir.resolve(e.getKey());
                if (!Files.exists(f)) {
                    throw new IOException(e.getKey() + " is missing");
                }
                if (!sha256(f).equals(e.getValue())) {
                    throw new IOException(e.getKey() + " does not match its checksum (a damaged or partial file)");
                }
            }
            model.load(dir, PARAMS_NAME);
            try (NDManager scratch = model.getNDManager().newSubManager()) {
                NDList buffers = NDList.decode(scratch, Files.readAllBytes(dir.resolve(OPTIMIZER_FILE)));
                optimizer.importState(buffers, state.optimizerSteps, model.getBlock());
            }
            MetricsLog metrics = new MetricsLog();
            for (Map<String, Double> row : state.metrics) {
                Map<String, Double> values = new LinkedHashMap<>(row);
                int epoch = values.remove(MetricsLog.EPOCH).intValue();
                metrics.add(epoch, values);
            }
            return new Resume(Status.RESUMED, state.epoch, metrics, "Resumed from " + dir.getFileName()
                    + ": epochs 1–" + state.epoch + " are done, training continues at epoch " + (state.epoch + 1) + ".");
        } catch (Exception e) {
            Path aside = moveAside(dir);
            return new Resume(Status.CORRUPT_STARTED_FRESH, 0, new MetricsLog(),
                    "The checkpoint " + (dir == null ? latest : dir) + " could not be loaded (" + Errors.describe(e)
                            + "). It was moved to " + aside + " (nothing deleted); training starts fresh at epoch 1.");
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

    private Path moveAside(Path dir) {
        try {
            Path source = dir != null && Files.exists(dir) ? dir : root.resolve(LATEST);
            Path aside = source.resolveSibling(source.getFileName() + ".corrupt-" + System.currentTimeMillis());
            move(source, aside);
            Files.deleteIfExists(root.resolve(LATEST));
            return aside;
        } catch (IOException e) {
            return root; // could not move: leave as is, the next save replaces LATEST
        }
    }

    private void pruneOlderThan(Path keep) throws IOException {
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.filter(p -> p.getFileName().toString().matches("epoch-\\d{4}")).toList()) {
                if (d.getFileName().toString().compareTo(keep.getFileName().toString()) < 0) {
                    deleteTree(d);
                }
            }
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

    /** The SHA-256 of a file, in hex (also checks shipped models: {@link ShippedModel}). */
    static String sha256(Path f) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
