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
