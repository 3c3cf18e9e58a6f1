package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Test;

class TrainingTest {

    /** Two well separated Gaussian blobs in 2-D: class = sign of x0 + x1. */
    private static ArrayDataset blobs(NDManager m, int n, long seed) {
        return blobs(m, n, seed, 32);
    }

    private static ArrayDataset blobs(NDManager m, int n, long seed, int batchSize) {
        Random r = new Random(seed);
        float[] x = new float[n * 2];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            x[2 * i] = (float) (r.nextGaussian() * 0.5 + (c == 0 ? -1.5 : 1.5));
            x[2 * i + 1] = (float) (r.nextGaussian() * 0.5 + (c == 0 ? -1.5 : 1.5));
            y[i] = c;
        }
        return new ArrayDataset.Builder()
                .setData(m.create(x, new Shape(n, 2)))
                .optLabels(m.create(y))
                .setSampling(batchSize, false)
                .build();
    }

    private static Trainer trainer(Model model) {
        model.setBlock(new SequentialBlock().add(Linear.builder().setUnits(2).build()));
        Trainer t = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build()));
        t.initialize(new Shape(1, 2));
        return t;
    }

    @Test
    void learnsASeparableProblemAndCountsEveryExample() {
        Engine.getInstance().setRandomSeed(1);
        try (Model model = Model.newInstance("blobs")) {
            Trainer t = trainer(model);
            ArrayDataset data = blobs(model.getNDManager(), 200, 1);
            List<Integer> seen = new ArrayList<>();
            Training.EpochResult first = Training.trainEpoch(t, data, (b, loss, acc) -> seen.add(b));
            assertEquals(200, first.examples());
            assertEquals(7, first.batches()); // 6 of 32 + 1 of 8
            assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), seen);
            Training.EpochResult last = first;
            for (int e = 0; e < 4; e++) {
                last = Training.trainEpoch(t, data);
            }
            assertTrue(last.meanLoss() < first.meanLoss(), first + " -> " + last);
            Training.EpochResult test = Training.evaluate(t, blobs(model.getNDManager(), 100, 2));
            assertEquals(100, test.examples());
            assertTrue(test.accuracy() > 0.95, test.toString());
            assertEquals(1 - test.accuracy(), test.error(), 1e-12);
            t.close();
        }
    }

    @Test
    void evaluatesLargeBatchesInChunksWithTheSameResult() {
        Engine.getInstance().setRandomSeed(2);
        try (Model model = Model.newInstance("chunks")) {
            Trainer t = trainer(model);
            Training.trainEpoch(t, blobs(model.getNDManager(), 200, 1));
            // 350 examples: one batch of 350 (4 chunks, the last of 50) against batches of 10.
            int n = 350;
            assertTrue(n > 3 * Training.EVALUATION_CHUNK);
            RecordingSink.install();
            LiveProgress progress = LiveProgress.start("evaluation", Training.evaluationSteps(n));
            Training.EpochResult whole = Training.evaluate(t, blobs(model.getNDManager(), n, 5, n), progress);
            Notebook.disconnect();
            assertEquals(4, Training.evaluationSteps(n));
            assertEquals(4, progress.done(), "one progress step per chunk: never a silent pass");
            Training.EpochResult small = Training.evaluate(t, blobs(model.getNDManager(), n, 5, 10));
            assertEquals(n, whole.examples());
            assertEquals(1, whole.batches());
            assertEquals(small.accuracy(), whole.accuracy(), 1e-12);
            assertEquals(small.meanLoss(), whole.meanLoss(), 1e-6);
            t.close();
        }
    }

    @Test
    void stopsBetweenBatchesWhenInterrupted() {
        try (Model model = Model.newInstance("stop")) {
            Trainer t = trainer(model);
            ArrayDataset data = blobs(model.getNDManager(), 200, 1);
            Thread.currentThread().interrupt();
            try {
                CancellationException e = assertThrows(CancellationException.class, () -> Training.trainEpoch(t, data));
                assertTrue(e.getMessage().contains("after 0 batches"), e.getMessage());
                assertTrue(Thread.currentThread().isInterrupted(), "the interrupt stays visible to the caller");
            } finally {
                Thread.interrupted(); // clear it for the other tests
            }
            t.close();
        }
    }

    @Test
    void countCorrectComparesArgMaxWithTheLabel() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray scores = m.create(new float[] {0.1f, 0.9f, 2f, -1f, 0f, 3f}, new Shape(3, 2));
            assertEquals(2, Training.countCorrect(scores, m.create(new float[] {1, 0, 0})));
        }
    }

    @Test
    void flipEvaluationAveragesTheScoresOfAnImageAndItsMirrorImage() {
        // A linear net's score of the mean of two images is the mean of their scores, so averaging
        // the scores of x and flip(x) must give exactly the loss and accuracy of the images (x + flip(x)) / 2.
        Engine.getInstance().setRandomSeed(3);
        try (Model model = Model.newInstance("flip"); NDManager m = NDManager.newBaseManager()) {
            model.setBlock(new SequentialBlock().add(ai.djl.nn.Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(3).build()));
            try (Trainer t = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build()))) {
                t.initialize(new Shape(1, 1, 2, 3));
                Random r = new Random(5);
                int n = 40;
                float[] x = new float[n * 6];
                float[] mean = new float[n * 6];
                float[] y = new float[n];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) r.nextGaussian();
                }
                for (int i = 0; i < n; i++) {
                    y[i] = r.nextInt(3);
                    for (int row = 0; row < 2; row++) {
                        for (int col = 0; col < 3; col++) {
                            int at = i * 6 + row * 3;
                            mean[at + col] = (x[at + col] + x[at + 2 - col]) / 2;   // mirrored along the width
                        }
                    }
                }
                ArrayDataset images = new ArrayDataset.Builder().setData(m.create(x, new Shape(n, 1, 2, 3)))
                        .optLabels(m.create(y)).setSampling(16, false).build();
                ArrayDataset averaged = new ArrayDataset.Builder().setData(m.create(mean, new Shape(n, 1, 2, 3)))
                        .optLabels(m.create(y)).setSampling(16, false).build();
                Training.EpochResult flipped = Training.evaluate(t, images, null, true);
                Training.EpochResult expected = Training.evaluate(t, averaged, null, false);
                Training.EpochResult plain = Training.evaluate(t, images, null, false);
                assertEquals(expected.accuracy(), flipped.accuracy(), 1e-9);
                assertEquals(expected.meanLoss(), flipped.meanLoss(), 1e-5);
                assertEquals(n, flipped.examples());
                assertTrue(Math.abs(plain.meanLoss() - flipped.meanLoss()) > 1e-4, "the flip changed nothing");
            }
        }
    }
}
