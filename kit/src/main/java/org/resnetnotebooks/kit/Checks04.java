package org.resnetnotebooks.kit;

import java.util.Locale;

/**
 * The check cells of notebook 04's exercises, kept in the kit so that the answers stay out of the
 * learner's sight; the reference solutions are in {@code instructor/solutions/04-gradient-flow.jsh}.
 */
public final class Checks04 {

    private static final double W = -0.3;

    private Checks04() {}

    /**
     * Exercise 04.1: dH/dx of a residual and of a plain block with F(x) = w x, w = -0.3.
     *
     * @param residualDerivative the learner's dH/dx for H(x) = F(x) + x
     * @param plainDerivative the learner's dH/dx for H(x) = F(x)
     */
    public static void derivatives(double residualDerivative, double plainDerivative) {
        boolean answered = !Double.isNaN(residualDerivative) && !Double.isNaN(plainDerivative);
        boolean residualRight = Math.abs(residualDerivative - (1 + W)) < 1e-6;
        boolean plainRight = Math.abs(plainDerivative - W) < 1e-6;
        String hint = residualRight ? "The residual block is right; for the plain block there is no x term to differentiate."
                : plainRight ? "The plain block is right; the residual block has one more term, the shortcut's x."
                : "Differentiate x ↦ w·x + x and x ↦ w·x with respect to x, then put in w = −0.3.";
        Exercises.check("04.1", answered, residualRight && plainRight,
                String.format(Locale.ROOT, "dH/dx = 1 + w = 0.7 for the residual block and w = −0.3 for the plain one."
                        + " Ten such plain blocks in a row pass on (−0.3)^10 = %.1e of the gradient, ten residual ones"
                        + " 0.7^10 = %.3f; the residual product stays near 1 only when the w_i are small and vary in"
                        + " sign, as in the toy above.", Math.pow(W, 10), Math.pow(1 + W, 10)),
                hint);
    }

    /**
     * Exercise 04.2: the mean gradient of plain-56's first stage over that of its last stage, at
     * initialisation, from the measured profile.
     *
     * @param answer the learner's ratio
     * @param gradAtInit the measured per-block gradient norms, block 1 first (three equal stages)
     */
    public static void stageRatio(double answer, double[] gradAtInit) {
        int perStage = gradAtInit.length / 3;
        double first = 0, last = 0;
        for (int i = 0; i < perStage; i++) {
            first += gradAtInit[i] / perStage;
            last += gradAtInit[gradAtInit.length - perStage + i] / perStage;
        }
        double measured = first / last;
        boolean answered = !Double.isNaN(answer);
        boolean right = answered && Math.abs(answer - measured) <= 1e-6 * Math.abs(measured);
        String hint = answered && Math.abs(answer * measured - 1) < 1e-6
                ? "You have the ratio upside down: the first stage goes on top."
                : "Average the first nine values, average the last nine, divide. Index 0 is block 1.";
        Exercises.check("04.2", answered, right,
                String.format(Locale.ROOT, "The first stage gets %.0f× the gradient of the last on average: the"
                        + " vanishing-gradient story would predict a ratio far below 1. This batch-normalised plain net"
                        + " amplifies the gradient on its way back to the input.", measured),
                hint);
    }

    /**
     * Exercise 04.3: the factor ten shortcuts scaled by λ = 0.5 put on the clean gradient term.
     *
     * @param answer the learner's factor
     */
    public static void scaledShortcuts(double answer) {
        double expected = Math.pow(0.5, 10);
        boolean answered = !Double.isNaN(answer);
        String hint = answered && Math.abs(answer - 0.5 * 10) < 1e-9
                ? "The factors multiply; they do not add."
                : "Each of the ten shortcuts multiplies the clean term once, and these factors multiply.";
        Exercises.check("04.3", answered, answered && Math.abs(answer - expected) < 1e-3 * expected,
                String.format(Locale.ROOT, "0.5^10 = %.2e: about a thousandth. Over the 27 blocks of a 56-layer net it"
                        + " would be 0.5^27 = %.1e; the identity shortcut keeps this factor at exactly 1 at any depth.",
                        expected, Math.pow(0.5, 27)),
                hint);
    }
}
