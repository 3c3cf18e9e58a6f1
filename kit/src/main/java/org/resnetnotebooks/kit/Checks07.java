package org.resnetnotebooks.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.Arrays;
import java.util.Locale;

/**
 * The check cells of notebook 07's exercises, kept in the kit so that the answers stay out of the
 * learner's sight; the reference solutions are in {@code instructor/solutions/07-identity-mappings.jsh}.
 */
public final class Checks07 {

    /** The exclusive gate of exercise 07.2, as a function of F, s and g. */
    public interface Gate {
        /**
         * @param f the residual branch
         * @param s the shortcut
         * @param g the gate
         * @return the gated sum
         */
        NDArray apply(NDArray f, NDArray s, NDArray g);
    }

    private Checks07() {}

    /**
     * Exercise 07.1: the smallest number of units after which 0.5^k is below one millionth.
     *
     * @param answer the learner's k
     */
    public static void unitsForOneMillionth(int answer) {
        int truth = 0;
        while (Math.pow(0.5, truth) >= 1e-6) truth++;
        boolean answered = answer != -1;
        String hint = answered && Math.pow(0.5, answer) < 1e-6
                ? "Below one millionth, but is it the smallest such number?"
                : answered ? String.format(Locale.ROOT, "0.5^%d = %.2g: still at least one millionth.", answer, Math.pow(0.5, answer))
                : "";
        Exercises.check("07.1", answered, answer == truth,
                String.format(Locale.ROOT, "0.5^%d = %.2g < 10⁻⁶ but 0.5^%d = %.2g is not: %d units, fewer than a"
                        + " ResNet-110 has (54).", truth, Math.pow(0.5, truth), truth - 1, Math.pow(0.5, truth - 1), truth),
                hint + " Taking logarithms turns 0.5^k < 10⁻⁶ into a bound on k.");
    }

    /**
     * Exercise 07.2: the exclusive gate g ⊙ F + (1 − g) ⊙ s.
     *
     * @param gate the learner's function
     */
    public static void exclusiveGate(Gate gate) {
        boolean answered = true;
        boolean right = false;
        String detail = "";
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray f = m.create(new float[] {1f, 2f, 3f, 4f});
            NDArray s = m.create(new float[] {10f, 20f, 30f, 40f});
            NDArray g = m.create(new float[] {0f, 1f, 0.5f, 0.25f});
            NDArray got = gate.apply(f, s, g);
            answered = got != null;
            if (answered) {
                float[] v = got.toFloatArray();
                float[] want = {10f, 2f, 16.5f, 31f};
                right = v.length == want.length;
                for (int i = 0; right && i < want.length; i++) right = Math.abs(v[i] - want[i]) < 1e-5;
                detail = "Your function returned " + Arrays.toString(v)
                        + " for F = [1, 2, 3, 4], s = [10, 20, 30, 40], g = [0, 1, 0.5, 0.25].";
            }
        } catch (RuntimeException e) {
            detail = "Your function threw " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        Exercises.check("07.2", answered, right,
                detail + " g = 0 gives the shortcut alone, g = 1 the branch alone: the gate trades one path for the other,"
                        + " so a closed shortcut is the price of a strong branch, and 1 − g multiplies along the path like"
                        + " λ in section 1.",
                detail + " Work out the first two entries by hand (g = 0 and g = 1) and compare: which path should each one"
                        + " return? NDArray has element-wise mul, add and neg.");
    }

    /**
     * Exercise 07.3: the parameters the 1×1 conv shortcuts add to the 56-layer net.
     *
     * @param answer the learner's count
     * @param truth the measured difference of the two nets' parameter counts
     * @param originalParameters the original net's parameters
     */
    public static void convShortcutCost(long answer, long truth, long originalParameters) {
        boolean answered = answer != -1;
        Exercises.check("07.3", answered, answer == truth,
                String.format(Locale.ROOT, "9·16·16 + (16·32 + 8·32·32) + (32·64 + 8·64·64) = %,d, about %.0f %% more"
                        + " than the original net: weight layers on the one path that had none.", truth,
                        100.0 * truth / originalParameters),
                "A 1×1 convolution from a to b channels has a·b weights. Go stage by stage: how many units, and which"
                        + " channel counts in each?");
    }

    /**
     * Exercise 07.4, an experiment: the original unit with each branch's last batch-norm γ at zero
     * at the start (Goyal et al. 2017), so that every unit starts as ReLU(x).
     *
     * @param zeroGamma whether the learner's run zeroed γ (the change)
     * @param typed the final training error (%) the learner read off the run
     * @param measured the run's final training error (%) ({@code NaN} if it has not run)
     * @param original the original net's final training error (%) in this kernel
     * @param seedRuns the original net's final training error (%) over the committed seed runs
     */
    public static void zeroGamma(boolean zeroGamma, double typed, double measured, double original,
            SeedSpread.Range seedRuns) {
        String what = "";
        if (!Double.isNaN(measured)) {
            what = seedRuns.compare("With γ = 0 at the start the original net", measured, "with γ = 1", original,
                    "with γ = 1", "this change's") + " With γ = 0 every unit starts as ReLU(x), so the 56-layer net"
                    + " starts as a shallow one and grows its branches as it trains: the idea of keeping the path"
                    + " clean, applied to the start.";
        }
        Exercises.experiment("07.4", zeroGamma, typed, measured, 0.1,
                "set zeroGamma to true and run the cell.", what);
    }
}
