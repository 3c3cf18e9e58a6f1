package org.resnetnotebooks.kit;

import ai.djl.training.tracker.Tracker;

/**
 * The learning-rate schedule of notebooks 03 and 07: a linear rise from 0 to the peak rate over
 * the first steps (the warm-up), then a half cosine down to 0 at the last step.
 *
 * <p>Why a warm-up: a deep net's first steps at the full rate can throw it off before it has
 * started to converge; He et al. (2015, section 4.2) started their 110-layer net at a tenth of the
 * rate for the same reason. Why a cosine instead of the paper's two drops by 10: the notebooks'
 * runs have a few hundred steps, where a smooth decay suits better than sudden ones.
 *
 * <p>Why not DJL's {@code WarmUpTracker} around a {@code CosineTracker}: they compute the same
 * curve (the test {@code WarmupCosineTest} compares them step by step), but this one is a single
 * formula a learner can read in one screen, and a warm-up of 0 steps means "the full rate from the
 * first step", the change that exercise 03.4 asks for.
 */
public record WarmupCosine(float peak, int totalSteps, int warmupSteps) implements Tracker {

    /**
     * The schedule; {@link #of} says the same in a notebook.
     *
     * @param peak the learning rate at the end of the warm-up
     * @param totalSteps the SGD steps of the whole run
     * @param warmupSteps the steps of the linear rise; 0 for none
     * @throws IllegalArgumentException for a warm-up as long as the run, or a non-positive rate
     */
    public WarmupCosine {
        if (!(peak > 0) || totalSteps < 2 || warmupSteps < 0 || warmupSteps >= totalSteps) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "A warm-up-then-cosine schedule needs a positive peak rate and 0 ≤ warm-up steps < total steps"
                            + " (got peak %s, %d warm-up steps of %d).", peak, warmupSteps, totalSteps));
        }
    }

    /**
     * @param peak the learning rate at the end of the warm-up, e.g. 0.1
     * @param totalSteps the SGD steps of the whole run (epochs × batches per epoch)
     * @param warmupSteps the steps of the linear rise; 0 for none (the full rate from the first step)
     * @return the schedule
     * @throws IllegalArgumentException for a warm-up as long as the run, or a non-positive rate
     */
    public static WarmupCosine of(float peak, int totalSteps, int warmupSteps) {
        return new WarmupCosine(peak, totalSteps, warmupSteps);
    }

    /** {@inheritDoc} Steps count from 1, as DJL's optimizers count their updates. */
    @Override
    public float getNewValue(int step) {
        int rise = Math.max(1, warmupSteps);   // without warm-up, step 1 is the cosine's start
        if (step <= rise) {
            return warmupSteps == 0 ? peak : peak * step / rise;
        }
        double progress = Math.min(1.0, (double) (step - rise) / (totalSteps - rise));
        return (float) (peak * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "learning rate 0 → %s over %d steps, then a cosine to 0 at step %d",
                peak, warmupSteps, totalSteps);
    }
}
