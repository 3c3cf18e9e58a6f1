package org.resnetnotebooks.kit;

/**
 * Check cells for workshop exercises: tell the learner in plain words whether the answer is
 * right, never crash on a blank answer, and record the verdict so the tests can run the checks
 * against the reference solutions (kept in {@code instructor/solutions/}).
 *
 * <p>Verdicts are recorded with {@link Results} as {@code exercise:<id>} = {@code right},
 * {@code wrong} or {@code blank}.
 */
public final class Exercises {

    /** What a check found. */
    public enum Verdict {
        /** The learner has not replaced the placeholder yet. */
        BLANK,
        /** The answer is right. */
        RIGHT,
        /** The answer is not right (yet). */
        WRONG
    }

    private Exercises() {}

    /**
     * Checks one exercise and shows the verdict.
     *
     * @param id the exercise's id, e.g. {@code "01.1"}
     * @param answered false while the learner's cell still holds the placeholder
     * @param correct whether the answer is right (ignored when not answered)
     * @param whenRight one sentence that confirms and explains
     * @param hintWhenWrong one sentence that helps without giving the answer away
     * <p>Returns nothing on purpose: a check is usually a cell's last statement, and the kernel
     * would print a returned value under the verdict box.
     */
    public static void check(String id, boolean answered, boolean correct, String whenRight, String hintWhenWrong) {
        Verdict verdict = !answered ? Verdict.BLANK : correct ? Verdict.RIGHT : Verdict.WRONG;
        Results.record("exercise:" + id, verdict.name().toLowerCase());
        Notebook.show(html(id, verdict, whenRight, hintWhenWrong));
    }

    /**
     * Checks a change-and-observe experiment: the learner changed the net or the recipe, ran it,
     * and typed the number it printed. Any honest outcome is right, since the point is to run it
     * and read the number; the message then says what this outcome means, from the measured
     * numbers.
     *
     * @param id the exercise's id, e.g. {@code "01.3"}
     * @param changed whether the learner's cell holds the change the experiment asks for
     * @param typed the number the learner typed ({@code NaN} while not answered)
     * @param measured what the experiment measured in this kernel ({@code NaN} if it has not run)
     * @param printedStep the precision the experiment printed it with (e.g. 0.1 for "12.3 %"); a
     *     typed value within that, or within 5 % (two significant digits), is a correct reading
     * @param theChange what to change, in words, shown while the change is missing
     * @param whatItShows what the measured outcome means, shown with a right answer
     */
    public static void experiment(String id, boolean changed, double typed, double measured, double printedStep,
            String theChange, String whatItShows) {
        Verdict verdict;
        String hint = "";
        if (!changed && Double.isNaN(typed)) {
            verdict = Verdict.BLANK;
        } else if (!changed) {
            verdict = Verdict.WRONG;
            hint = "The cell does not hold the change yet: " + theChange;
        } else if (Double.isNaN(measured)) {
            verdict = Verdict.WRONG;
            hint = "The experiment has not run in this kernel: run the cell with your change, then this one.";
        } else if (Double.isNaN(typed)) {
            verdict = Verdict.WRONG;
            hint = "Now type the number the experiment printed and run both cells again.";
        } else if (Math.abs(typed - measured) > Math.max(0.05 * Math.abs(measured), printedStep) + 1e-12) {
            verdict = Verdict.WRONG;
            hint = "That is not the number your run printed: read its last line again (two significant digits are enough).";
        } else {
            verdict = Verdict.RIGHT;
        }
        Results.record("exercise:" + id, verdict.name().toLowerCase());
        Notebook.show(html(id, verdict, "You read " + readable(typed) + ". " + whatItShows, hint));
    }

    /** A typed number as the learner would write it: 0.13, 1.3e+04, 12.3. */
    static String readable(double x) {
        if (Math.abs(x) >= 1e4 || (x != 0 && Math.abs(x) < 1e-3)) {
            return String.format(java.util.Locale.ROOT, "%.2g", x);
        }
        String s = String.format(java.util.Locale.ROOT, "%.4g", x);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    /** The verdict as a coloured box (package-private for tests). */
    static String html(String id, Verdict verdict, String whenRight, String hintWhenWrong) {
        String colour, text;
        switch (verdict) {
            case RIGHT:
                colour = "#e6f4ea";
                text = "✔ Exercise " + id + ": right. " + whenRight;
                break;
            case WRONG:
                colour = "#fdecea";
                text = "✘ Exercise " + id + ": not yet. " + hintWhenWrong;
                break;
            default:
                colour = "#f1f3f4";
                text = "Exercise " + id + ": no answer yet. Replace the placeholder in the cell above, run it, then run this cell.";
        }
        return "<div class=\"resnet-kit-exercise\" data-verdict=\"" + verdict.name().toLowerCase()
                + "\" style=\"background:" + colour + ";padding:6px 10px;border-radius:4px\">"
                + Html.escape(text) + "</div>";
    }
}
