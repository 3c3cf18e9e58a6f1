package org.resnetnotebooks.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;

import java.util.concurrent.CancellationException;

/**
 * A small, readable training loop shared by several notebooks (notebooks that teach the loop
 * write it out themselves; this is the same loop).
 *
 * <pre>
 *   for each batch (x, y):
 *       scores = net(x)                      training mode: batch norm uses the batch's statistics
 *       loss   = mean softmax cross-entropy(y, scores)
 *       backward: gradients of loss
 *       trainer.step(): SGD update
 * </pre>
 *
 * <p>The loss and accuracy it returns are measured <i>during</i> the training steps (each batch
 * with the weights before its update, batch norm in training mode), the "training error" curves
 * of He et al. (2015), Fig. 6. {@link #evaluate(Trainer, Dataset)} measures with fixed weights and
 * batch norm in inference mode.
 *
 * <p>Between batches it checks {@link Thread#isInterrupted()} (the notebook's stop button) and
 * stops with a {@link CancellationException} that says how far it got.
 */
public final class Training {

    /**
     * The most images {@link #evaluate(Trainer, Dataset)} sends through the net at once. An
     * inference pass keeps every layer's output until the pass's arrays are closed: ResNet-20 on
     * 500 Fashion-MNIST images held about 1 GB of native memory, 100 images hold about 200 MB, at
     * the same speed (measured: see the hosted-session notes in the README).
     */
    public static final int EVALUATION_CHUNK = 100;

    private Training() {}

    /**
     * The numbers of one pass over a data set.
     *
     * @param meanLoss mean loss per example
     * @param accuracy fraction of examples classified right
     * @param examples examples seen
     * @param batches batches seen
     * @param seconds wall-clock time
     */
    public record EpochResult(double meanLoss, double accuracy, long examples, int batches, double seconds) {

        /**
         * The error rate.
         *
         * @return 1 − accuracy
         */
        public double error() {
            return 1 - accuracy;
        }

        /**
         * Throughput.
         *
         * @return examples per second
         */
        public double examplesPerSecond() {
            return seconds > 0 ? examples / seconds : Double.NaN;
        }
    }

    /** Called after each training batch (e.g. to update a {@link LiveProgress}). */
    @FunctionalInterface
    public interface BatchListener {
        /**
         * One batch is done.
         *
         * @param batch batches done so far in this epoch (1, 2, ...)
         * @param meanLossSoFar mean loss per example so far in this epoch
         * @param accuracySoFar accuracy so far in this epoch
         */
        void afterBatch(int batch, double meanLossSoFar, double accuracySoFar);
    }

    /**
     * Trains one epoch.
     *
     * @param trainer an initialised trainer (its loss must average over the batch, as DJL's
     *     losses do)
     * @param data the training set
     * @return training loss and accuracy measured during the steps
     * @throws CancellationException if the thread was interrupted (the user pressed stop)
     */
    public static EpochResult trainEpoch(Trainer trainer, Dataset data) {
        return trainEpoch(trainer, data, null);
    }

    /**
     * Trains one epoch, telling a listener after each batch.
     *
     * @param trainer an initialised trainer
     * @param data the training set
     * @param listener called after each batch, or null
     * @return training loss and accuracy measured during the steps
     * @throws CancellationException if the thread was interrupted (the user pressed stop)
     */
    public static EpochResult trainEpoch(Trainer trainer, Dataset data, BatchListener listener) {
        return forEachBatch(trainer, data, "training", listener, (batch, tally) -> {
            NDList x = batch.getData();
            NDList y = batch.getLabels();
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDList scores = trainer.forward(x, y);
                NDArray loss = trainer.getLoss().evaluate(y, scores);
                gc.backward(loss);
                tally.add(loss.getFloat(), countCorrect(scores.head(), y.head()), y.head().getShape().get(0));
            }
            trainer.step();
        });
    }

    /**
     * Measures loss and accuracy on a data set with the current weights, batch norm in inference
     * mode (running statistics), no gradients. Batches larger than {@link #EVALUATION_CHUNK} are
     * sent through the net in pieces of that size (the results are the same).
     *
     * @param trainer the trainer (for its net and loss)
     * @param data e.g. the test set
     * @return loss and accuracy
     * @throws CancellationException if the thread was interrupted
     */
    public static EpochResult evaluate(Trainer trainer, Dataset data) {
        return evaluate(trainer, data, null);
    }

    /**
     * The number of progress steps {@link #evaluate(Trainer, Dataset, LiveProgress)} takes for a
     * data set: one per {@link #EVALUATION_CHUNK} images.
     *
     * @param images the images in the data set
     * @return the steps
     */
    public static long evaluationSteps(long images) {
        return (images + EVALUATION_CHUNK - 1) / EVALUATION_CHUNK;
    }

    /**
     * {@link #evaluate(Trainer, Dataset)} that moves a progress line one step per {@link
     * #EVALUATION_CHUNK} images, so a long evaluation is never a silent wait.
     *
     * @param trainer the trainer
     * @param data the data (e.g. the test set)
     * @param progress the progress line to step (its text says "test evaluation"); may be null
     * @return loss, accuracy and count
     */
    public static EpochResult evaluate(Trainer trainer, Dataset data, LiveProgress progress) {
        return evaluate(trainer, data, progress, false);
    }

    /**
     * {@link #evaluate(Trainer, Dataset, LiveProgress)}, optionally with each image also seen
     * flipped left to right: the net scores both views and the two score vectors are averaged
     * before the loss and the vote. Why it helps: training showed the net random flips, so the
     * mirror image is as typical as the original, and two views average out some of the mistakes
     * one view makes. It costs a second forward pass per image.
     *
     * @param trainer the trainer
     * @param data the data (e.g. the test set), images as (batch, channels, height, width)
     * @param progress the progress line to step; may be null
     * @param flip true: average the scores of the image and its mirror image
     * @return loss, accuracy and count
     */
    public static EpochResult evaluate(Trainer trainer, Dataset data, LiveProgress progress, boolean flip) {
        return forEachBatch(trainer, data, "evaluation", null, (batch, tally) -> {
            NDArray x = batch.getData().head();
            NDArray y = batch.getLabels().head();
            long n = y.getShape().get(0);
            for (long from = 0; from < n; from += EVALUATION_CHUNK) {
                long to = Math.min(n, from + EVALUATION_CHUNK);
                // A scope per chunk: every layer's output stays alive until its scope closes,
                // so memory grows with the images in one forward pass, not the batch size.
                try (NDManager scope = x.getManager().newSubManager()) {
                    NDArray xs = x.get(from + ":" + to);
                    NDArray ys = y.get(from + ":" + to);
                    xs.attach(scope);
                    ys.attach(scope);
                    NDList scores = trainer.evaluate(new NDList(xs));
                    if (flip) {
                        NDArray mirrored = trainer.evaluate(new NDList(xs.flip(3))).head();
                        scores = new NDList(scores.head().add(mirrored).div(2));
                    }
                    float loss = trainer.getLoss().evaluate(new NDList(ys), scores).getFloat();
                    tally.add(loss, countCorrect(scores.head(), ys), to - from);
                }
                if (progress != null && progress.done() < progress.total()) {
                    progress.step("test evaluation: " + tally.seen + " images");
                }
            }
        });
    }

    /** What one pass has counted so far: the loss summed over examples, the right answers, the examples. */
    static final class Tally {
        private final long start = System.nanoTime();
        private double lossSum;
        private long correct;
        private long seen;
        private int batches;

        /**
         * Counts a piece of a batch.
         *
         * @param meanLoss the piece's mean loss per example
         * @param right how many of its examples were classified right
         * @param examples how many examples it had
         */
        void add(double meanLoss, long right, long examples) {
            lossSum += meanLoss * examples;
            correct += right;
            seen += examples;
        }

        private EpochResult result() {
            return new EpochResult(lossSum / seen, (double) correct / seen, seen, batches,
                    (System.nanoTime() - start) / 1e9);
        }
    }

    /** What a pass does with one batch: compute, and count in the tally. */
    @FunctionalInterface
    interface BatchWork {
        /**
         * @param batch the batch (closed after this returns)
         * @param tally the pass's counts
         */
        void accept(Batch batch, Tally tally);
    }

    /**
     * One pass over a data set, the part every pass shares: each batch closed after use, the stop
     * button checked between batches, a listener told after each one, the engine's freed pages
     * given back at the end.
     *
     * @param trainer the trainer whose data iterator is used
     * @param data the data set
     * @param what "training" or "evaluation", for the message when stopped
     * @param listener told after each batch, or null
     * @param work what to do with each batch
     * @return the pass's loss, accuracy, counts and time
     * @throws CancellationException if the thread was interrupted (the user pressed stop)
     */
    static EpochResult forEachBatch(Trainer trainer, Dataset data, String what, BatchListener listener,
            BatchWork work) {
        Tally tally = new Tally();
        try {
            for (Batch batch : trainer.iterateDataset(data)) {
                try (batch) {
                    stopIfInterrupted(what, tally.batches);
                    work.accept(batch, tally);
                    tally.batches++;
                    if (listener != null) {
                        listener.afterBatch(tally.batches, tally.lossSum / tally.seen, (double) tally.correct / tally.seen);
                    }
                }
            }
        } catch (ai.djl.translate.TranslateException e) {
            throw new IllegalStateException("Could not read a batch: " + e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        NativeMemory.release(); // the pass's arrays are freed: give their pages back (see NativeMemory)
        return tally.result();
    }

    /**
     * How many predictions are right.
     *
     * @param scores (batch, classes) class scores
     * @param labels (batch) class indices
     * @return the number of rows whose highest score is at the label
     */
    public static long countCorrect(NDArray scores, NDArray labels) {
        try (NDArray predicted = scores.argMax(1);
                NDArray cast = predicted.toType(labels.getDataType(), false);
                NDArray hits = cast.eq(labels);
                NDArray sum = hits.sum()) {
            return sum.toType(ai.djl.ndarray.types.DataType.INT64, false).getLong();
        }
    }

    /**
     * Throws if the user pressed stop.
     *
     * @param what "training" or "evaluation"
     * @param batchesDone batches finished so far
     * @throws CancellationException if the current thread is interrupted
     */
    static void stopIfInterrupted(String what, int batchesDone) {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException(
                    "Stopped (interrupted) during " + what + " after " + batchesDone
                            + " batches of this epoch; the weights keep the updates made so far.");
        }
    }
}
