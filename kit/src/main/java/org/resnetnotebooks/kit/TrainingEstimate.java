package org.resnetnotebooks.kit;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;

import java.util.Iterator;

/**
 * How long training will take on this machine, measured before it starts.
 *
 * <p>Why: the same notebook runs 35 minutes on a quiet 2-core laptop and well over an hour on a
 * hosted one-CPU session; a learner should know which before committing to it. This times a few
 * real training steps (forward, backward, update; the same batch size and augmentation) on a
 * throw-away copy of the net, so nothing of the real run changes, and scales up. Evaluation is
 * counted at a third of a training step per image (a forward pass only).
 */
public final class TrainingEstimate {

    private final double secondsPerBatch;
    private final int batchSize;
    private final int stepsTimed;

    private TrainingEstimate(double secondsPerBatch, int batchSize, int stepsTimed) {
        this.secondsPerBatch = secondsPerBatch;
        this.batchSize = batchSize;
        this.stepsTimed = stepsTimed;
    }

    /**
     * Times training steps of a fresh net.
     *
     * @param freshNet a new, uninitialised net of the architecture to be trained (it is thrown away)
     * @param data the training images
     * @param batchSize images per step
     * @param device where to train
     * @param steps steps to time (after two untimed warm-up steps, which allocate memory)
     * @return the measured time per step
     */
    public static TrainingEstimate measure(Block freshNet, LabelledImages data, int batchSize, Device device, int steps) {
        AugmentedImages batches = AugmentedImages.of(data, batchSize, true, 4, true, 12345);
        try (Model model = Model.newInstance("estimate", device)) {
            model.setBlock(freshNet);
            Tracker lr = Tracker.fixed(0.01f);
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(MomentumSgd.builder().setLearningRateTracker(lr).optMomentum(0.9f).build())
                    .optDevices(new Device[] {device}))) {
                trainer.initialize(new Shape(batchSize, data.channels(), data.height(), data.width()));
                Iterator<Batch> it = trainer.iterateDataset(batches).iterator();
                long start = 0;
                for (int i = 0; i < steps + 2 && it.hasNext(); i++) {
                    if (i == 2) {
                        start = System.nanoTime();
                    }
                    Training.stopIfInterrupted("the time estimate", i);
                    try (Batch batch = it.next(); GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray loss = trainer.getLoss().evaluate(batch.getLabels(), trainer.forward(batch.getData()));
                        gc.backward(loss);
                        loss.toType(DataType.FLOAT32, false).getFloat(); // wait for the result
                    }
                    trainer.step();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                NativeMemory.release();
                return new TrainingEstimate(seconds / steps, batchSize, steps);
            }
        } catch (ai.djl.translate.TranslateException | java.io.IOException e) {
            throw new IllegalStateException("Could not time training steps: " + e.getMessage(), e);
        }
    }

    /** @return measured seconds per training step */
    public double secondsPerBatch() {
        return secondsPerBatch;
    }

    /**
     * Minutes of a run.
     *
     * @param trainingBatches training steps
     * @param evaluatedImages images evaluated (test set after each epoch, final evaluation)
     * @return estimated minutes
     */
    public double minutes(long trainingBatches, long evaluatedImages) {
        double perImage = secondsPerBatch / batchSize;
        return (trainingBatches * secondsPerBatch + evaluatedImages * perImage / 3) / 60;
    }

    /**
     * One sentence for the learner.
     *
     * @param epochs epochs still to train
     * @param batchesPerEpoch training steps per epoch
     * @param testImages images evaluated after each epoch
     * @return e.g. "15 epochs: about 41 minutes here (0.33 s per batch of 128, timed over 8 batches)."
     */
    public String describe(int epochs, int batchesPerEpoch, int testImages) {
        return String.format("%d epoch%s: about %.0f minutes here (%.2f s per batch of %d, timed over %d batches just now).",
                epochs, epochs == 1 ? "" : "s", minutes((long) epochs * batchesPerEpoch, (long) epochs * testImages),
                secondsPerBatch, batchSize, stepsTimed);
    }
}
