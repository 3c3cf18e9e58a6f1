package org.resnetnotebooks.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.loss.Loss;

/**
 * Softmax cross-entropy against a softened target: the right class gets 1 − ε of the probability
 * and every class (the right one included) an equal share of ε.
 *
 * <pre>
 *   loss = (1 − ε) · (−log p_y)  +  ε · mean over classes k of (−log p_k)
 * </pre>
 *
 * <p>Why: with a hard target the loss keeps falling as the right class's score grows without
 * bound, so late in training the net keeps pushing scores apart on images it already gets right.
 * With ε &gt; 0 the best score gap is finite, which acts as a regulariser (Szegedy et al. 2016,
 * section 7, introduced it for Inception-v3). Notebook 06's fast recipe uses ε = 0.1.
 *
 * <p>Why not DJL's: {@code SoftmaxCrossEntropyLoss} in DJL 0.36.0 has no smoothing option. With
 * ε = 0 this loss equals DJL's (tested in {@code LabelSmoothingLossTest}).
 */
public final class LabelSmoothingLoss extends Loss {

    private final float epsilon;

    /**
     * @param epsilon the probability spread over all classes, 0 ≤ ε &lt; 1 (0: plain cross-entropy)
     * @throws IllegalArgumentException for ε outside [0, 1)
     */
    public LabelSmoothingLoss(float epsilon) {
        super(epsilon == 0 ? "SoftmaxCrossEntropyLoss" : "LabelSmoothingLoss");
        if (!(epsilon >= 0 && epsilon < 1)) {
            throw new IllegalArgumentException("Label smoothing ε must be at least 0 and below 1, not " + epsilon + ".");
        }
        this.epsilon = epsilon;
    }

    /** @return ε, the probability spread over all classes */
    public float epsilon() {
        return epsilon;
    }

    /**
     * @param labels (batch) class indices
     * @param predictions (batch, classes) scores before the softmax
     * @return the mean loss over the batch (a scalar), like DJL's losses
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logP = predictions.singletonOrThrow().logSoftmax(1);
        NDArray label = labels.singletonOrThrow().reshape(-1);
        NDArray picked = logP.get(new NDIndex().addAllDim().addPickDim(label)).reshape(-1);   // log p_y per image
        NDArray perImage = picked.mul(-(1 - epsilon));
        if (epsilon > 0) {
            perImage = perImage.sub(logP.mean(new int[] {1}).mul(epsilon));
        }
        return perImage.mean();
    }

    @Override
    public String toString() {
        return epsilon == 0 ? "softmax cross-entropy" : "softmax cross-entropy with label smoothing ε = " + epsilon;
    }
}
