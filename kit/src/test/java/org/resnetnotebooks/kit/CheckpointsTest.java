package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {

    @TempDir Path dir;

    /** A tiny model, trained for a few SGD steps with momentum so that the optimizer has state. */
    private static final class Run implements AutoCloseable {
        final Model model = Model.newInstance("ckpt-test");
        final MomentumSgd sgd = MomentumSgd.builder().setLearningRateTracker(Tracker.fixed(0.1f)).optWeightDecays(1e-4f).build();
        final Trainer trainer;
        final Checkpoints.Resume resume;
        final int inputs;

        Run() {
            this((Checkpoints) null);
        }

        Run(Checkpoints restoreFrom) {
            this(restoreFrom, 5);
        }

        /** As a notebook does it: build, restore (before the trainer exists), then train. */
        Run(Checkpoints restoreFrom, int inputs) {
            this(restoreFrom, inputs, null);
        }

        /** As a notebook would resume from DJL's SaveModelTrainingListener: its file, a fresh optimizer. */
        Run(Path savedByDjl) {
            this(null, 5, savedByDjl);
        }

        private Run(Checkpoints restoreFrom, int inputs, Path savedByDjl) {
            this.inputs = inputs;
            model.setBlock(new SequentialBlock().add(Linear.builder().setUnits(3).build()));
            ai.djl.engine.Engine.getInstance().setRandomSeed(7); // the same start weights in every run
            model.getBlock().initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32, new Shape(4, inputs));
            resume = restoreFrom == null ? null : restoreFrom.restore(model, sgd);
            if (savedByDjl != null) {
                try {
                    model.load(savedByDjl, model.getName());
                } catch (java.io.IOException | ai.djl.MalformedModelException e) {
                    throw new IllegalStateException(e);
                }
            }
            trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(sgd));
            trainer.initialize(new Shape(4, inputs));
        }

        void steps(int n) {
            NDManager m = trainer.getManager();
            for (int i = 0; i < n; i++) {
                NDArray x = m.arange(4f * inputs).reshape(4, inputs).div(4f * inputs);
                NDArray y = m.ones(new Shape(4, 3));
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDArray pred = trainer.forward(new NDList(x)).head();
                    gc.backward(Loss.l2Loss().evaluate(new NDList(y), new NDList(pred)));
                }
                trainer.step();
            }
        }

        float[] weights() {
            Parameter w = model.getBlock().getParameters().valueAt(0);
            return w.getArray().toFloatArray();
        }

        @Override
        public void close() {
            trainer.close();
            model.close();
        }
    }

    @Test
    void resumingContinuesExactlyAsIfNeverStopped() throws Exception {
        Path root = dir.resolve("run");
        float[] uninterrupted;
        try (Run straight = new Run()) {
            straight.steps(6);
            uninterrupted = straight.weights();
        }
        try (Run first = new Run()) {
            first.steps(3);
            MetricsLog log = new MetricsLog().add(1, Map.of("loss", 0.5, "accuracy", 0.25));
            new Checkpoints(root).save(1, first.model, first.sgd, log);
        }
        try (Run second = new Run(new Checkpoints(root))) {
            Checkpoints.Resume r = second.resume;
            assertEquals(Checkpoints.Status.RESUMED, r.status(), r.message());
            assertEquals(1, r.epoch());
            assertEquals(0.5, r.metrics().last("loss"), 1e-12);
            assertEquals(3, second.sgd.stepsTaken());
            second.steps(3);
            // Same weights as six steps in one go: parameters AND momentum were restored.
            assertArrayEquals(uninterrupted, second.weights(), 1e-6f);
        }
    }

    /**
     * Side by side with DJL's {@code SaveModelTrainingListener}: it saves the same parameters (a
     * model loaded from its file has the weights a checkpoint restores), but only those. A run
     * resumed from its file starts the momentum and the schedule's step count again from zero, and
     * no longer follows the run that was never stopped; one resumed from a checkpoint does.
     */
    @Test
    void keepsWhatDjlsSaveModelListenerKeepsAndTheOptimizerItLoses() throws Exception {
        float[] uninterrupted;
        try (Run straight = new Run()) {
            straight.steps(6);
            uninterrupted = straight.weights();
        }
        Path root = dir.resolve("kit");
        Path djl = dir.resolve("djl");
        float[] atStop;
        try (Run first = new Run()) {
            first.steps(3);
            atStop = first.weights();
            new Checkpoints(root).save(1, first.model, first.sgd, new MetricsLog().add(1, Map.of("loss", 0.5)));
            new ai.djl.training.listener.SaveModelTrainingListener(djl.toString(), null, 1).onEpoch(first.trainer);
        }
        try (Run fromKit = new Run(new Checkpoints(root)); Run fromDjl = new Run(djl)) {
            assertArrayEquals(atStop, fromKit.weights(), 0f);
            assertArrayEquals(atStop, fromDjl.weights(), 0f, "the parameters agree");
            fromKit.steps(3);
            fromDjl.steps(3);
            assertArrayEquals(uninterrupted, fromKit.weights(), 1e-6f);
            float furthest = 0;
            for (int i = 0; i < uninterrupted.length; i++) {
                furthest = Math.max(furthest, Math.abs(uninterrupted[i] - fromDjl.weights()[i]));
            }
            assertTrue(furthest > 1e-3f, "without its momentum the resumed run goes elsewhere: " + furthest);
        }
    }

    @Test
    void noCheckpointMeansAFreshStart() {
        try (Run run = new Run(new Checkpoints(dir.resolve("none")))) {
            Checkpoints.Resume r = run.resume;
            assertEquals(Checkpoints.Status.FRESH, r.status());
            assertEquals(0, r.epoch());
        }
    }

    @Test
    void aDamagedCheckpointIsMovedAsideAndTrainingStartsFresh() throws Exception {
        Path root = dir.resolve("damaged");
        Path saved;
        try (Run run = new Run()) {
            run.steps(1);
            saved = new Checkpoints(root).save(2, run.model, run.sgd, new MetricsLog());
        }
        Path params;
        try (Stream<Path> files = Files.list(saved)) {
            params = files.filter(p -> p.toString().endsWith(".params")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(params, bytes);
        float[] before;
        try (Run run = new Run()) {
            before = run.weights();
        }
        try (Run run = new Run(new Checkpoints(root))) {
            Checkpoints.Resume r = run.resume;
            assertEquals(Checkpoints.Status.CORRUPT_STARTED_FRESH, r.status());
            assertTrue(r.message().contains("checksum") && r.message().contains("moved to"), r.message());
            assertArrayEquals(before, run.weights(), "the damaged file must not be loaded");
            assertFalse(Files.exists(saved), "the damaged checkpoint is moved aside");
            try (Stream<Path> left = Files.list(root)) {
                assertTrue(left.anyMatch(p -> p.getFileName().toString().contains(".damaged-")), "nothing is deleted");
            }
        }
    }

    @Test
    void aSaveKilledHalfwayLeavesThePreviousCheckpointInCharge() throws Exception {
        Path root = dir.resolve("killed");
        try (Run run = new Run()) {
            run.steps(1);
            new Checkpoints(root).save(1, run.model, run.sgd, new MetricsLog().add(1, "loss", 1.0));
        }
        // What a kill during the next save leaves: a temporary folder with a partial file.
        Path partial = Files.createDirectories(root.resolve(".tmp-epoch-2-12345"));
        Files.writeString(partial.resolve("model-0000.params"), "half");
        try (Run run = new Run(new Checkpoints(root))) {
            Checkpoints.Resume r = run.resume;
            assertEquals(Checkpoints.Status.RESUMED, r.status(), r.message());
            assertEquals(1, r.epoch());
            assertFalse(Files.exists(partial), "leftovers of the killed save are cleaned up");
        }
    }

    @Test
    void theTwoNewestCheckpointsAreKept() throws Exception {
        Path root = dir.resolve("prune");
        try (Run run = new Run()) {
            Checkpoints c = new Checkpoints(root);
            for (int epoch = 1; epoch <= 3; epoch++) {
                c.save(epoch, run.model, run.sgd, new MetricsLog());
            }
            assertFalse(Files.exists(root.resolve("epoch-0001")));
            assertTrue(Files.exists(root.resolve("epoch-0002")), "one damaged file costs one epoch, not the run");
            assertEquals("epoch-0003", Files.readString(root.resolve("LATEST")));
        }
    }

    static Map<String, Object> identity(int epochs) {
        return Map.of("dataset", "fashion-mnist", "model", "resnet20", "epochs", epochs, "seed", 42);
    }

    static MetricsLog epochs(int n) {
        MetricsLog log = new MetricsLog();
        for (int e = 1; e <= n; e++) {
            log.add(e, "loss", 1.0 / e);
        }
        return log;
    }

    /** Epochs 1 and 2 of a run whose identity says it has `epochs` epochs. */
    static void saveEpochs1And2(Path root, int epochs) {
        try (Run run = new Run()) {
            run.steps(1);
            Checkpoints c = Checkpoints.forRun(root, identity(epochs));
            c.save(1, run.model, run.sgd, epochs(1));
            c.save(2, run.model, run.sgd, epochs(2));
        }
    }

    @Test
    void withoutLatestTheNewestCompleteCheckpointIsFound() throws Exception {
        Path root = dir.resolve("no-latest");
        saveEpochs1And2(root, 2);
        Files.delete(root.resolve("LATEST"));
        try (Run run = new Run(Checkpoints.forRun(root, identity(2)))) {
            assertEquals(Checkpoints.Status.RESUMED, run.resume.status(), run.resume.message());
            assertEquals(2, run.resume.epoch(), "the complete run is found, not thrown away");
            assertEquals("epoch-0002", Files.readString(root.resolve("LATEST")), "LATEST is written again");
        }
    }

    @Test
    void aDamagedNewestCheckpointCostsOneEpoch() throws Exception {
        Path root = dir.resolve("newest-damaged");
        saveEpochs1And2(root, 3);
        Files.writeString(root.resolve("epoch-0002").resolve("state.json"), "{ not json");
        try (Run run = new Run(Checkpoints.forRun(root, identity(3)))) {
            assertEquals(Checkpoints.Status.RESUMED, run.resume.status(), run.resume.message());
            assertEquals(1, run.resume.epoch());
            assertTrue(run.resume.message().contains("epoch-0002 is damaged"), run.resume.message());
            try (Stream<Path> left = Files.list(root)) {
                assertTrue(left.anyMatch(p -> p.getFileName().toString().startsWith("epoch-0002.damaged-")));
            }
        }
    }

    @Test
    void aCheckpointOfAnotherRunLengthIsMovedAsideNotResumed() throws Exception {
        Path root = dir.resolve("other-length");
        saveEpochs1And2(root, 2);
        try (Run run = new Run(Checkpoints.forRun(root, identity(1)))) {
            Checkpoints.Resume r = run.resume;
            assertEquals(0, r.epoch(), "a 2-epoch run is not this 1-epoch run's");
            assertEquals(Checkpoints.Status.CORRUPT_STARTED_FRESH, r.status());
            assertTrue(r.message().contains("epochs: 2 there, 1 here"), r.message());
            assertTrue(r.message().contains("nothing deleted"), r.message());
            try (Stream<Path> aside = Files.list(root)) {
                Path folder = aside.filter(p -> p.getFileName().toString().startsWith("aside-")).findFirst().orElseThrow();
                assertTrue(Files.exists(folder.resolve("epoch-0002").resolve("state.json")), "moved intact");
            }
            assertFalse(Files.exists(root.resolve("LATEST")));
        }
    }

    @Test
    void aCheckpointOfAnotherShapeIsNeverLoaded() throws Exception {
        Path root = dir.resolve("other-shape");
        try (Run run = new Run(null, 6)) {                     // 6 inputs: weights of shape (3, 6)
            run.steps(1);
            new Checkpoints(root).save(1, run.model, run.sgd, epochs(1));
        }
        try (Run run = new Run(new Checkpoints(root))) {        // 5 inputs here
            Checkpoints.Resume r = run.resume;
            assertEquals(0, r.epoch(), r.message());
            assertTrue(r.message().contains("another run") && r.message().contains("shape"), r.message());
            run.steps(1);                                       // and the fresh model trains
        }
        try (Run again = new Run(new Checkpoints(root))) {
            assertEquals(Checkpoints.Status.FRESH, again.resume.status(), "moved aside: not tried again on every run");
        }
    }

    @Test
    void aSaveNeverDeletesAnotherRunsCheckpoint() throws Exception {
        Path root = dir.resolve("never-delete");
        try (Run run = new Run()) {
            run.steps(1);
            Checkpoints.forRun(root, identity(2)).save(1, run.model, run.sgd, epochs(1));
            Checkpoints.forRun(root, identity(5)).save(1, run.model, run.sgd, epochs(1));
        }
        try (Stream<Path> left = Files.list(root)) {
            assertTrue(left.anyMatch(p -> p.getFileName().toString().startsWith("epoch-0001.other-run-")),
                    "the 2-epoch run's epoch 1 is moved aside, not overwritten");
        }
    }

    @Test
    void momentumSgdMatchesDjlsSgdWithMomentumAtAConstantRate() {
        float[][] results = new float[2][];
        for (int variant = 0; variant < 2; variant++) {
            try (Model model = Model.newInstance("sgd-compare")) {
                model.setBlock(new SequentialBlock().add(Linear.builder().setUnits(3).build()));
                ai.djl.engine.Engine.getInstance().setRandomSeed(11);
                ai.djl.training.optimizer.Optimizer opt = variant == 0
                        ? MomentumSgd.builder().setLearningRateTracker(Tracker.fixed(0.05f)).optWeightDecays(1e-3f).build()
                        : ai.djl.training.optimizer.Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.05f))
                                .optMomentum(0.9f).optWeightDecays(1e-3f).build();
                try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(opt))) {
                    trainer.initialize(new Shape(4, 5));
                    NDManager m = trainer.getManager();
                    for (int i = 0; i < 4; i++) {
                        NDArray x = m.arange(20f).reshape(4, 5).div(20f);
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDArray pred = trainer.forward(new NDList(x)).head();
                            gc.backward(Loss.l2Loss().evaluate(new NDList(m.ones(new Shape(4, 3))), new NDList(pred)));
                        }
                        trainer.step();
                    }
                    results[variant] = model.getBlock().getParameters().valueAt(0).getArray().toFloatArray();
                }
            }
        }
        assertArrayEquals(results[1], results[0], 1e-5f);
    }

    @Test
    void eachStepUsesOnlyItsOwnBatchsGradient() {
        // PyTorch adds a backward pass's gradient to the one already there; MomentumSgd must
        // leave none behind, or every step would apply the sum of all gradients so far.
        try (Model model = Model.newInstance("grad-reset")) {
            model.setBlock(new SequentialBlock().add(Linear.builder().setUnits(1).build()));
            MomentumSgd frozen = MomentumSgd.builder().setLearningRateTracker(Tracker.fixed(0f)).build();
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(frozen))) {
                trainer.initialize(new Shape(1, 2));
                NDManager m = trainer.getManager();
                float[][] grads = new float[2][];
                for (int i = 0; i < 2; i++) {
                    NDArray x = m.create(new float[] {1, 2}, new Shape(1, 2));
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray pred = trainer.forward(new NDList(x)).head();
                        gc.backward(Loss.l2Loss().evaluate(new NDList(m.ones(new Shape(1, 1))), new NDList(pred)));
                    }
                    grads[i] = model.getBlock().getParameters().valueAt(0).getArray().getGradient().toFloatArray();
                    trainer.step(); // learning rate 0: the weights, hence the gradient, stay the same
                }
                assertArrayEquals(grads[0], grads[1], 1e-6f);
            }
        }
    }

    @Test
    void momentumSgdTrainsANetInitialisedBeforeItsTrainerOnAFreshThread() throws Exception {
        // Notebook 06's order (initialise, restore a checkpoint, then create the trainer), with the
        // step on a new thread, as the Java kernel runs each cell. On PyTorch a new thread starts
        // with autograd on, and an in-place update of the weights there failed ("a leaf Variable
        // that requires grad is being used in an in-place operation"); the engine's fused update
        // works on both engines.
        ai.djl.Device cpu = ai.djl.Device.cpu();
        try (Model model = Model.newInstance("init-first", cpu)) {
            model.setBlock(Nets.residual(1, Nets.Shortcut.A_ZERO_PAD));
            Shape input = new Shape(4, 1, 28, 28);
            model.getBlock().initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32, input);
            MomentumSgd sgd = MomentumSgd.builder().setLearningRateTracker(Tracker.fixed(0.1f)).optMomentum(0.9f)
                    .optWeightDecays(1e-4f).build();
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(sgd).optDevices(new ai.djl.Device[] {cpu}))) {
                trainer.initialize(input);
                NDManager m = trainer.getManager();
                float[] before = model.getBlock().getParameters().valueAt(0).getArray().toFloatArray();
                java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
                Thread cell = new Thread(() -> {
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray scores = trainer.forward(new NDList(m.randomNormal(input))).head();
                        gc.backward(Loss.softmaxCrossEntropyLoss().evaluate(
                                new NDList(m.create(new float[] {0, 1, 2, 3})), new NDList(scores)));
                    } catch (Throwable t) {
                        failure.set(t);
                        return;
                    }
                    try {
                        trainer.step();
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                });
                cell.start();
                cell.join();
                if (failure.get() != null) {
                    throw new AssertionError("training step failed: " + failure.get(), failure.get());
                }
                float[] after = model.getBlock().getParameters().valueAt(0).getArray().toFloatArray();
                assertFalse(java.util.Arrays.equals(before, after), "the step changed nothing");
            }
        }
    }

    @Test
    void messagesShowTheFolderAsGivenNotThisMachinesAbsolutePath() {
        Path relative = Path.of("..", "build", "checkpoints", "06-x");
        String message = new Checkpoints(relative).restore(null, null).message();
        assertTrue(message.startsWith("No checkpoint in " + relative + ":"), message);
        assertFalse(message.contains(Path.of("").toAbsolutePath().toString()), message);
    }
}
