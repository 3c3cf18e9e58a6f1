package org.resnetnotebooks.kit;

import ai.djl.training.tracker.Tracker;

import java.util.List;
import java.util.Locale;

/**
 * The check cells of notebook 06's exercises, kept in the kit so that the answers stay out of the
 * learner's sight; the reference solutions are in {@code instructor/solutions/06-training-a-resnet.jsh}.
 */
public final class Checks06 {

    private Checks06() {}

    /**
     * Exercise 06.1: the accuracy on class 6, from the confusion matrix.
     *
     * @param answer the learner's fraction
     * @param confusion rows: true class, columns: predicted class
     * @param classNames the data set's class names
     */
    public static void classSixAccuracy(double answer, long[][] confusion, List<String> classNames) {
        double[] accuracy = new double[confusion.length];
        for (int c = 0; c < confusion.length; c++) {
            long total = 0;
            for (long count : confusion[c]) total += count;
            accuracy[c] = total == 0 ? Double.NaN : (double) confusion[c][c] / total;
        }
        int hardest = 0;
        for (int c = 1; c < accuracy.length; c++) if (accuracy[c] < accuracy[hardest]) hardest = c;
        boolean answered = !Double.isNaN(answer);
        String hint = answered && answer > 1 ? "A fraction between 0 and 1, not a percentage."
                : "A class's accuracy is its correct answers over all test images of that class: which entries of its row"
                        + " are which?";
        Exercises.check("06.1", answered, answered && Math.abs(answer - accuracy[6]) < 1e-9,
                String.format(Locale.ROOT, "%s: %.1f %% right; %s", classNames.get(6), 100 * accuracy[6],
                        hardest == 6 ? "the hardest class of this run."
                                : "the hardest class of this run is " + classNames.get(hardest)
                                        + String.format(Locale.ROOT, " (%.1f %%).", 100 * accuracy[hardest])),
                hint);
    }

    /**
     * Exercise 06.2: the learning rate of the last batch of training, under either recipe's schedule.
     *
     * @param answer the learner's rate
     * @param schedule the run's schedule
     * @param lastStep the number of the last batch of the run
     */
    public static void lastLearningRate(float answer, Tracker schedule, int lastStep) {
        float expected = schedule.getNewValue(lastStep);
        float first = schedule.getNewValue(1);
        boolean answered = !Float.isNaN(answer);
        String hint;
        if (answered && expected > 0 && Math.abs(answer - expected * 10) < 1e-6) {
            hint = "Count the divisions again: the schedule has two steps before the end of the run.";
        } else if (answered && expected == 0 && answer > 0) {
            hint = "A half cosine from the peak ends where the cosine of π is: follow it to the last step.";
        } else {
            hint = "Follow the schedule printed in section 2 from its start to the last batch of the run.";
        }
        String how = expected == 0
                ? "the cosine comes down to 0 exactly at the last step"
                : String.format(Locale.ROOT, "%s → %s → %s: two divisions by 10", first, first / 10, first / 100);
        Exercises.check("06.2", answered, answered && Math.abs(answer - expected) < 1e-6,
                String.format(Locale.ROOT, "%s, so the last batch uses %.4f.", how, expected), hint);
    }
}
