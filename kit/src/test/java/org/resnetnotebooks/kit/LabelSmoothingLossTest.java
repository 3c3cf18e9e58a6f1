package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;

import java.util.Random;

import org.junit.jupiter.api.Test;

class LabelSmoothingLossTest {

    private static final int ROWS = 5;
    private static final int CLASSES = 10;

    private static float[] logits(long seed) {
        Random r = new Random(seed);
        float[] x = new float[ROWS * CLASSES];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (3 * r.nextGaussian());
        }
        return x;
    }

    private static final float[] LABELS = {3, 0, 9, 3, 7};

    /** The formula of the class comment, in plain doubles. */
    private static double byHand(float[] x, float epsilon) {
        double total = 0;
        for (int row = 0; row < ROWS; row++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < CLASSES; k++) {
                max = Math.max(max, x[row * CLASSES + k]);
            }
            double sumExp = 0;
            for (int k = 0; k < CLASSES; k++) {
                sumExp += Math.exp(x[row * CLASSES + k] - max);
            }
            double logZ = max + Math.log(sumExp);
            double meanNegLogP = 0;
            for (int k = 0; k < CLASSES; k++) {
                meanNegLogP += (logZ - x[row * CLASSES + k]) / CLASSES;
            }
            double negLogPy = logZ - x[row * CLASSES + (int) LABELS[row]];
            total += (1 - epsilon) * negLogPy + epsilon * meanNegLogP;
        }
        return total / ROWS;
    }

    private static float evaluate(Loss loss, float[] x) {
        try (NDManager m = NDManager.newBaseManager()) {
            return loss.evaluate(new NDList(m.create(LABELS)), new NDList(m.create(x, new Shape(ROWS, CLASSES))))
                    .getFloat();
        }
    }

    @Test
    void withoutSmoothingItIsDjlsSoftmaxCrossEntropy() {
        float[] x = logits(1);
        assertEquals(evaluate(Loss.softmaxCrossEntropyLoss(), x), evaluate(new LabelSmoothingLoss(0f), x), 1e-5);
    }

    @Test
    void matchesTheFormulaComputedByHand() {
        for (float epsilon : new float[] {0f, 0.1f, 0.5f}) {
            float[] x = logits(2);
            assertEquals(byHand(x, epsilon), evaluate(new LabelSmoothingLoss(epsilon), x), 1e-4, "ε = " + epsilon);
        }
    }

    @Test
    void smoothingPenalisesOverconfidentRightAnswers() {
        // Every row right by a huge margin: cross-entropy is about 0, the smoothed loss is not.
        float[] x = new float[ROWS * CLASSES];
        for (int row = 0; row < ROWS; row++) {
            x[row * CLASSES + (int) LABELS[row]] = 50f;
        }
        assertEquals(0, evaluate(new LabelSmoothingLoss(0f), x), 1e-4);
        assertEquals(byHand(x, 0.1f), evaluate(new LabelSmoothingLoss(0.1f), x), 1e-3);
        assertEquals(true, byHand(x, 0.1f) > 4);   // ε/K·(K−1)·50 = 4.5 nats for the wrong classes' share
    }

    @Test
    void refusesAnEpsilonOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> new LabelSmoothingLoss(-0.1f));
        assertThrows(IllegalArgumentException.class, () -> new LabelSmoothingLoss(1f));
        assertThrows(IllegalArgumentException.class, () -> new LabelSmoothingLoss(Float.NaN));
    }
}
