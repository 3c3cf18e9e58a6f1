package org.resnetnotebooks.kit;

import java.io.PrintStream;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The one place where the kit sends rich output (HTML) to the notebook.
 *
 * <p>Why it exists: the kernel's {@code display(...)} and {@code updateDisplay(...)} are top-level
 * functions of the JShell session (in both JJava and IJava 1.3.0). Code compiled into a jar cannot
 * call them, so the notebook's set-up cell hands them in once:
 *
 * <pre>{@code
 * Notebook.connect(html -> display(html, "text/html"), (id, html) -> updateDisplay(id, html, "text/html"));
 * }</pre>
 *
 * <p>Every kit class that shows something (charts, live progress, device report) goes through
 * {@link #show(String)} and {@link #update(String, String)}. When nothing is connected (plain Java,
 * the {@code Doctor}, unit tests) a plain-text version of the HTML is printed to standard output
 * as whole lines (the kernels forward output only at a newline) and a synthetic display id is
 * returned, so the same code runs everywhere. Tests install a recording {@link Sink} with
 * {@link #install(Sink)}.
 */
public final class Notebook {

    /** Where HTML goes: a notebook front end, or a recorder in tests. */
    public interface Sink {
        /**
         * Shows a new HTML output.
         *
         * @param html the HTML fragment
         * @return the display id to pass to {@link #update(String, String)} later
         */
        String show(String html);

        /**
         * Replaces the content of an output shown before.
         *
         * @param id the display id returned by {@link #show(String)}
         * @param html the new HTML fragment
         */
        void update(String id, String html);
    }

    private static final Pattern SCRIPT_OR_STYLE =
            Pattern.compile("(?is)<(script|style)\\b.*?</\\1\\s*>");
    private static final Pattern BLOCK_END =
            Pattern.compile("(?i)<br\\s*/?>|</(p|div|tr|li|h[1-6]|table|caption)\\s*>");
    private static final Pattern CELL_END = Pattern.compile("(?i)</t[dh]\\s*>");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");

    private static final AtomicLong PLAIN_IDS = new AtomicLong();
    private static final AtomicLong GENERATION = new AtomicLong();
    private static volatile Sink sink;

    private Notebook() {}

    /**
     * Connects the kit to the notebook front end; call it once in the set-up cell.
     *
     * <p>Re-running the set-up cell connects again and starts a new "generation": the next chart
     * embeds the chart library again (see {@link Charts}), so a notebook whose earlier outputs
     * were cleared gets working charts back.
     *
     * @param display the kernel's {@code display(html, "text/html")}, returning the display id
     * @param update the kernel's {@code updateDisplay(id, html, "text/html")}
     */
    public static void connect(Function<String, String> display, BiConsumer<String, String> update) {
        Objects.requireNonNull(display, "display");
        Objects.requireNonNull(update, "update");
        install(
                new Sink() {
                    @Override
                    public String show(String html) {
                        return display.apply(html);
                    }

                    @Override
                    public void update(String id, String html) {
                        update.accept(id, html);
                    }
                });
    }

    /**
     * Installs any sink (tests use a recorder); replaces the current one.
     *
     * @param newSink the sink to use from now on
     */
    public static synchronized void install(Sink newSink) {
        sink = Objects.requireNonNull(newSink, "sink");
        GENERATION.incrementAndGet();
    }

    /** Goes back to the plain-text fallback (tests call it to clean up). */
    public static synchronized void disconnect() {
        sink = null;
        GENERATION.incrementAndGet();
    }

    /**
     * Tells whether a sink is connected.
     *
     * @return {@code true} after {@link #connect} or {@link #install}
     */
    public static boolean isConnected() {
        return sink != null;
    }

    /**
     * Counts connections: it changes every time {@link #connect}, {@link #install} or {@link
     * #disconnect} is called. {@link Charts} uses it to know whether the chart library is already
     * on the current page.
     *
     * @return the current connection generation
     */
    public static long generation() {
        return GENERATION.get();
    }

    /**
     * Shows HTML as a new output.
     *
     * <p>Returns nothing on purpose: the kernel prints the value of a cell's last statement, and
     * a display id under every table would be noise. Use {@link #display(String)} when the output
     * will be updated in place.
     *
     * @param html the HTML fragment
     */
    public static void show(String html) {
        display(html);
    }

    /**
     * Shows HTML as a new output and returns its id, for {@link #update(String, String)}.
     *
     * @param html the HTML fragment
     * @return the display id
     */
    public static String display(String html) {
        Objects.requireNonNull(html, "html");
        Sink current = sink;
        if (current != null) {
            return current.show(html);
        }
        String id = "plain-" + PLAIN_IDS.incrementAndGet();
        printPlain(System.out, html);
        return id;
    }

    /**
     * Replaces the content of an output shown before with {@link #display(String)}.
     *
     * @param id the display id
     * @param html the new HTML fragment
     */
    public static void update(String id, String html) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(html, "html");
        Sink current = sink;
        if (current != null) {
            current.update(id, html);
        } else {
            printPlain(System.out, html);
        }
    }

    private static void printPlain(PrintStream out, String html) {
        String text = plainText(html);
        if (!text.isEmpty()) {
            out.println(text);
        }
        out.flush();
    }

    /**
     * Turns an HTML fragment into readable text: scripts and styles are dropped (a chart becomes
     * its placeholder text), block ends become line breaks, table cells are separated by a
     * space, and the common entities are decoded.
     *
     * @param html the HTML fragment
     * @return plain text without tags and without blank lines
     */
    static String plainText(String html) {
        String s = SCRIPT_OR_STYLE.matcher(html).replaceAll("");
        s = BLOCK_END.matcher(s).replaceAll("\n");
        s = CELL_END.matcher(s).replaceAll("  ");
        s = TAG.matcher(s).replaceAll("");
        s = s.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&nbsp;", " ")
                .replace("&amp;", "&");
        StringBuilder out = new StringBuilder();
        for (String line : s.split("\n")) {
            String trimmed = line.replaceAll("[ \\t\\x0B\\f\\r]+", " ").strip();
            if (!trimmed.isEmpty()) {
                if (out.length() > 0) {
                    out.append('\n');
                }
                out.append(trimmed);
            }
        }
        return out.toString();
    }
}
