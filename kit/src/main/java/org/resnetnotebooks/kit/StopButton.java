package org.resnetnotebooks.kit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The notebook's stop button, as a question a long loop can ask: "was it pressed?".
 *
 * <p>Why: a kernel's own interrupt ends a cell abruptly. JJava reports it at once as an error that
 * repeats the cell's whole source, while the loop still runs on in the background and what it
 * prints afterwards is lost. For a training loop that is the wrong experience: the learner should
 * see one line that says what was kept and what to run. So on Linux and macOS the kernel's
 * launcher ({@code kernel-setup/kernel_launch.py}) turns the stop button into a file, named in
 * {@code RESNET_STOP_FILE}; while a loop watches (between {@link #watch()} and {@link #close()}),
 * a daemon thread takes that file within {@value #POLL_MILLIS} ms and {@link #pressed()} turns
 * true. The loop stops at its next batch and the cell ends normally. When nothing watches, the
 * launcher falls back to the kernel's interrupt after two seconds, so every other cell stops as
 * it always did.
 *
 * <p>Elsewhere (Windows, another kernel) {@link #pressed()} is true when the watching thread was
 * interrupted, which is what the kernel's interrupt does.
 *
 * <pre>{@code
 * try (StopButton stop = StopButton.watch()) {
 *     for (Batch b : ...) { if (stop.pressed()) break; ... }
 * }
 * }</pre>
 */
public final class StopButton implements AutoCloseable {

    /** How often the watcher looks for the launcher's file. */
    static final long POLL_MILLIS = 100;

    private final Path requestFile;
    private final Thread owner;
    private final Thread watcher;
    private volatile boolean pressed;
    private volatile boolean closed;

    StopButton(Path requestFile) {
        this.requestFile = requestFile;
        this.owner = Thread.currentThread();
        if (requestFile == null) {
            this.watcher = null;
            return;
        }
        this.watcher = new Thread(this::poll, "resnet-kit-stop-button");
        this.watcher.setDaemon(true);
        // A request left from before this loop started was meant for an earlier cell.
        deleteQuietly(requestFile);
        this.watcher.start();
    }

    /**
     * Starts watching the stop button, until {@link #close()}.
     *
     * @return the watcher
     */
    public static StopButton watch() {
        return new StopButton(Settings.path(System.getenv(), Settings.STOP_FILE).orElse(null));
    }

    /**
     * Whether the stop button was pressed since {@link #watch()}. Stays true once true.
     *
     * @return true if the loop should stop
     */
    public boolean pressed() {
        if (!pressed && owner.isInterrupted()) {
            pressed = true;
        }
        return pressed;
    }

    /** Stops watching; a later press interrupts whatever cell runs, as usual. */
    @Override
    public void close() {
        closed = true;
        if (watcher != null) {
            watcher.interrupt();
        }
    }

    private void poll() {
        while (!closed) {
            if (Files.exists(requestFile)) {
                deleteQuietly(requestFile);   // taken: the launcher will not interrupt the cell
                pressed = true;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (java.io.IOException e) {
            // another process may hold it; the next poll tries again
        }
    }
}
