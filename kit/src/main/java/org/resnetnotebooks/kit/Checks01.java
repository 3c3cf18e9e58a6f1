package org.resnetnotebooks.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The check cells of notebook 01's exercises. They live in the kit so that a learner who reads a
 * check cell does not read the answer in it; the reference solutions are in
 * {@code instructor/solutions/01-the-identity-mapping.jsh}.
 */
public final class Checks01 {

    private Checks01() {}

    /**
     * Exercise 01.1: one layer of a residual block changed so that the block is the identity.
     *
     * @param answered false while makeIdentity still throws its placeholder exception
     * @param maxError max |H(x) − x| over the data after makeIdentity
     * @param firstChanged whether any parameter of the first weight layer changed
     * @param lastChanged whether any parameter of the last weight layer changed
     */
    public static void identityBlock(boolean answered, double maxError, boolean firstChanged, boolean lastChanged) {
        String what = firstChanged && lastChanged ? "You changed both layers."
                : firstChanged ? "You changed the first layer."
                : lastChanged ? "You changed the last layer."
                : "Neither layer changed.";
        String error = String.format(Locale.ROOT, " Now max |H(x) − x| = %.2e.", maxError);
        boolean exact = maxError < 1e-6;
        String hint;
        if (!firstChanged && !lastChanged) {
            hint = "makeIdentity must change the block's parameters in place (the block it receives is the one checked).";
        } else if (firstChanged && lastChanged) {
            hint = "One layer is enough: which of the two decides what the branch F outputs last?";
        } else if (firstChanged) {
            hint = "After your change the branch still adds something to x. Write F(x) out with the first layer's"
                    + " new values: what is left?";
        } else {
            hint = "The right layer, but F(x) is not zero yet: every part of that layer's output has to vanish.";
        }
        Exercises.check("01.1", answered, exact && lastChanged && !firstChanged,
                what + error + " With W2 = 0 and b2 = 0 the branch outputs F(x) = 0 for every x, so H(x) = 0 + x,"
                        + " whatever W1 and b1 are.",
                what + error + " " + hint);
    }

    /**
     * Exercise 01.2: the residual a block must learn for H(x) = 2x.
     *
     * @param answer the learner's function, or null
     * @param x a batch of inputs to try it on
     */
    public static void residualFor2x(UnaryOperator<NDArray> answer, NDArray x) {
        boolean right = false;
        String detail = "";
        if (answer != null) {
            try (NDManager sub = x.getManager().newSubManager()) {
                NDArray xi = x.duplicate();
                xi.attach(sub);
                NDArray given = answer.apply(xi);
                if (given == null || !given.getShape().equals(xi.getShape())) {
                    detail = "Your function returned " + (given == null ? "null" : "shape " + given.getShape())
                            + "; a residual has the shape of its input, " + xi.getShape() + ".";
                } else {
                    double err = given.sub(xi).abs().max().getFloat();
                    right = err < 1e-6;
                    detail = right ? "" : "For these inputs your F(x) + x is not 2x.";
                }
            } catch (RuntimeException e) {
                detail = "Your function threw " + e + ".";
            }
        }
        Exercises.check("01.2", answer != null, right,
                "F(x) = H(x) − x = 2x − x = x: the layers must learn to output x itself, while the shortcut"
                        + " supplies the other x.",
                detail + " The residual is what the layers must add to the shortcut's x to get H(x).");
    }

    /**
     * Exercise 01.3, an experiment: the residual branches at DJL's full default scale. The learner
     * reads the MSE before training (always a number); the message also says how training went
     * from there, which may be a divergence.
     *
     * @param branchScale the scale the learner's run used (the change: 1.0)
     * @param typed the MSE before training the learner read off the run
     * @param initialMse the run's MSE before training ({@code NaN} if it has not run)
     * @param finalMse the run's MSE after training ({@code NaN} if it diverged or has not run)
     * @param tenthInitialMse the same stack with its branches at a tenth (section 5), before training
     * @param tenthFinalMse the same, after training
     */
    public static void fullScaleBranches(float branchScale, double typed, double initialMse, double finalMse,
            double tenthInitialMse, double tenthFinalMse) {
        String training = Double.isFinite(finalMse)
                ? String.format(Locale.ROOT, "Training took it to %.3g (with the branches at a tenth: %.3g).", finalMse,
                        tenthFinalMse)
                : "Training from there diverged: the MSE became NaN, because the recipe's steps, sized for a start near"
                        + " the answer, overshoot from this far away.";
        String outcome = String.format(Locale.ROOT,
                "At full scale the stack starts at MSE %.3g, %.0f× the %.3g it starts at with its branches at a tenth. %s"
                        + " So the large advantage of section 5 belongs to the residual form together with a small start"
                        + " for F, not to the shortcut alone.",
                initialMse, initialMse / tenthInitialMse, tenthInitialMse, training);
        Exercises.experiment("01.3", branchScale == 1.0f, typed, initialMse, 0,
                "set branchScale to 1.0f, DJL's default scale, and run the cell.", outcome);
    }
}
