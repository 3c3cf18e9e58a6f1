package org.resnetnotebooks.kit;

import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A progress line for long cells that updates in place: step/total, elapsed time, estimated time
 * left, and a text of the caller's choice (e.g. the current loss).
 *
 * <p>Why: the Java kernels forward standard output only at a newline, so carriage-return
 * progress bars (DJL's default) stay invisible until the cell ends and then flood the saved
 * notebook with one output per {@code \r}. This class shows one HTML output with {@link
 * Notebook#display(String)} and replaces it with {@link Notebook#update(String, String)}, at most
 * every {@value #DEFAULT_INTERVAL_MILLIS} ms (the last step and {@link #finish(String)} are never
 * throttled; an update that would not change the output is skipped), so the saved notebook keeps a
 * single, final progress line.
 *
 * <pre>{@code
 * try (LiveProgress p = LiveProgress.start("Epoch 1", batches)) {
 *     for (Batch b : ...) { ...; p.step(String.format("loss %.3f", loss)); }
 * }
 * }</pre>
 */
public final class LiveProgress implements AutoCloseable {

    /** The shortest time between two displayed updates, unless forced. */
    public static final long DEFAULT_INTERVAL_MILLIS = 500;

    private String label;
    private final long total;
    private final LongSupplier clock;
    private final long intervalNanos;
    private final long startNanos;
    private final String id;
    private long done;
    private String text = "";
    private long lastShownNanos;
    private String lastHtml;
    private boolean finished;

    LiveProgress(String label, long total, LongSupplier nanoClock, long intervalMillis) {
        if (total < 1) {
            throw new IllegalArgumentException("total must be at least 1, got " + total);
        }
        this.label = Objects.requireNonNull(label, "label");
        this.total = total;
        this.clock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.startNanos = clock.getAsLong();
        this.lastShownNanos = startNanos;
        this.lastHtml = html();
        this.id = Notebook.display(lastHtml);
    }

    /**
     * Shows a new progress line.
     *
     * @param label what is in progress, e.g. "Epoch 3"
     * @param total the number of steps
     * @return the progress line
     */
    public static LiveProgress start(String label, long total) {
        return new LiveProgress(label, total, System::nanoTime, DEFAULT_INTERVAL_MILLIS);
    }

    /**
     * One more step done.
     *
     * @param newText the caller's text, e.g. "loss 0.512"
     */
    public void step(String newText) {
        set(done + 1, newText);
    }

    /**
     * Sets how many steps are done.
     *
     * @param newDone steps done, 0..total
     * @param newText the caller's text
     */
    public synchronized void set(long newDone, String newText) {
        if (finished) {
            throw new IllegalStateException("This progress line is finished; start a new one.");
        }
        if (newDone < 0 || newDone > total) {
            throw new IllegalArgumentException(
                    "done must be within 0.." + total + ", got " + newDone);
        }
        done = newDone;
        text = newText == null ? "" : newText;
        long now = clock.getAsLong();
        if (done == total || now - lastShownNanos >= intervalNanos) {
            lastShownNanos = now;
            show();
        }
    }

    /**
     * Changes what the line says is in progress (e.g. from "epoch 3/15, training" to "epoch
     * 3/15, test evaluation"); shown with the next update.
     *
     * @param newLabel the new label
     */
    public synchronized void relabel(String newLabel) {
        label = Objects.requireNonNull(newLabel, "newLabel");
    }

    /**
     * The number of steps of the whole task.
     *
     * @return the total given at the start
     */
    public long total() {
        return total;
    }

    /**
     * Shows the final state now (never throttled); later steps are refused.
     *
     * @param finalText the caller's closing text, e.g. "train loss 0.31"
     */
    public synchronized void finish(String finalText) {
        if (finished) {
            return;
        }
        if (finalText != null) {
            text = finalText;
        }
        finished = true;
        lastShownNanos = clock.getAsLong();
        show();
    }

    /** Sends the current state unless the output already shows exactly that. */
    private void show() {
        String html = html();
        if (!html.equals(lastHtml)) {
            lastHtml = html;
            Notebook.update(id, html);
        }
    }

    /** Finishes with the last text, if not finished yet. */
    @Override
    public void close() {
        finish(null);
    }

    /**
     * The steps done so far.
     *
     * @return 0..total
     */
    public synchronized long done() {
        return done;
    }

    /**
     * The display id of the progress line.
     *
     * @return the id
     */
    public String displayId() {
        return id;
    }

    /**
     * The progress as one line of text.
     *
     * @return e.g. "Epoch 1: 37/469 (7.9%) | elapsed 0:12 | left 2:31 | loss 0.512"
     */
    public synchronized String line() {
        return text.isEmpty() ? status() : status() + " | " + text;
    }

    /** What runs, how far, how long: the line without the caller's text. */
    private String status() {
        long elapsed = clock.getAsLong() - startNanos;
        String eta;
        if (done == total) {
            eta = "done";
        } else if (finished) {
            eta = "ended early";
        } else if (done == 0) {
            eta = "left ?";
        } else {
            eta = "left " + clock(elapsed / (double) done * (total - done));
        }
        return String.format(
                        Locale.ROOT,
                        "%s: %d/%d (%.1f%%) | elapsed %s | %s",
                        label,
                        done,
                        total,
                        100.0 * done / total,
                        clock(elapsed),
                        eta);
    }

    /** Two short lines (fits 1,000 pixels): the bar with what runs and when it ends, then the caller's text. */
    private String html() {
        return "<div class=\"resnet-kit-progress\" style=\"font-family:monospace\"><div>"
                + "<progress value=\"" + done + "\" max=\"" + total + "\" style=\"width:12em\">"
                + "</progress> <span>" + Html.escape(status()) + "</span></div>"
                + (text.isEmpty() ? "" : "<div>" + Html.escape(text) + "</div>") + "</div>";
    }

    /**
     * Formats nanoseconds as m:ss or h:mm:ss.
     *
     * @param nanos a duration in nanoseconds
     * @return e.g. "2:05" or "1:02:05"
     */
    static String clock(double nanos) {
        long s = Math.max(0, Math.round(nanos / 1e9));
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        return h > 0
                ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec)
                : String.format(Locale.ROOT, "%d:%02d", m, sec);
    }
}
