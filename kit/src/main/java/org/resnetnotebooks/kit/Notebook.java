package org.resnetnotebooks.kit;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The one place where the kit sends rich output to the notebook.
 *
 * <p>Why it exists: the kernel's {@code display(...)} and {@code updateDisplay(...)} are top-level
 * functions of the JShell session (in both JJava and IJava 1.3.0). Code compiled into a jar cannot
 * call them, so the notebook's set-up cell hands them in once:
 *
 * <pre>{@code
 * Notebook.connect(o -> display(o), (id, o) -> updateDisplay(id, o));
 * }</pre>
 *
 * <p>An output is a bundle: one value per MIME type, as a Jupyter {@code display_data} message
 * carries it (a chart: plotly JSON, a PNG picture and a line of text; a table: HTML and text).
 * The front end shows the richest type it can; a notebook that is not trusted, or a viewer that
 * runs no scripts, falls back to a safe one. {@link KernelDisplay} wraps a bundle in an object
 * the kernel's {@code display} passes through unchanged.
 *
 * <p>Every kit class that shows something goes through this class. When nothing is connected
 * (plain Java, the {@code Doctor}, unit tests) the bundle's text is printed to standard output
 * as whole lines (the kernels forward output only at a newline) and a synthetic display id is
 * returned, so the same code runs everywhere. Tests install a recording {@link Sink} with
 * {@link #install(Sink)}.
 */
public final class Notebook {

    /** The MIME type of plain text, which every bundle carries. */
    public static final String TEXT = "text/plain";

    /** The MIME type of HTML. */
    public static final String HTML = "text/html";

    /** Where outputs go: a notebook front end, or a recorder in tests. */
    public interface Sink {
        /**
         * Shows a new output.
         *
         * @param bundle the output, one value per MIME type (always with {@value #TEXT})
         * @return the display id to pass to {@link #update(String, Map)} later
         */
        String show(Map<String, Object> bundle);

        /**
         * Replaces the content of an output shown before.
         *
         * @param id the display id returned by {@link #show(Map)}
         * @param bundle the new content
         */
        void update(String id, Map<String, Object> bundle);
    }

    private static final Pattern SCRIPT_OR_STYLE =
            Pattern.compile("(?is)<(script|style)\\b.*?</\\1\\s*>");
    private static final Pattern BLOCK_END =
            Pattern.compile("(?i)<br\\s*/?>|</(p|div|tr|li|h[1-6]|table|caption|figure|figcaption)\\s*>");
    private static final Pattern CELL_END = Pattern.compile("(?i)</t[dh]\\s*>");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");

    private static final AtomicLong PLAIN_IDS = new AtomicLong();
    private static final AtomicLong GENERATION = new AtomicLong();
    private static volatile Sink sink;

    private Notebook() {}

    /**
     * Connects the kit to the notebook front end; call it once in the set-up cell.
     *
     * <p>Re-running the set-up cell connects again and starts a new "generation" (see {@link
     * #generation()}).
     *
     * @param display the kernel's {@code display(object)}, returning the display id
     * @param update the kernel's {@code updateDisplay(id, object)}
     */
    public static void connect(Function<Object, String> display, BiConsumer<String, Object> update) {
        Objects.requireNonNull(display, "display");
        connect(display, update, KernelDisplay.of(display));
    }

    /** {@link #connect(Function, BiConsumer)} with a given adapter (tests use a stand-in kernel). */
    static void connect(Function<Object, String> display, BiConsumer<String, Object> update, KernelDisplay kernel) {
        Objects.requireNonNull(display, "display");
        Objects.requireNonNull(update, "update");
        install(
                new Sink() {
                    @Override
                    public String show(Map<String, Object> bundle) {
                        return display.apply(kernel.renderable(bundle));
                    }

                    @Override
                    public void update(String id, Map<String, Object> bundle) {
                        update.accept(id, kernel.renderable(bundle));
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
        return display(htmlBundle(html));
    }

    /**
     * Shows a bundle as a new output and returns its id.
     *
     * @param bundle one value per MIME type; {@value #TEXT} is added from the HTML if missing
     * @return the display id
     */
    public static String display(Map<String, Object> bundle) {
        Map<String, Object> complete = complete(bundle);
        Sink current = sink;
        if (current != null) {
            return current.show(complete);
        }
        String id = "plain-" + PLAIN_IDS.incrementAndGet();
        printText(System.out, (String) complete.get(TEXT));
        return id;
    }

    /**
     * Replaces the content of an output shown before with {@link #display(String)}.
     *
     * @param id the display id
     * @param html the new HTML fragment
     */
    public static void update(String id, String html) {
        update(id, htmlBundle(html));
    }

    /**
     * Replaces the content of an output shown before.
     *
     * @param id the display id
     * @param bundle the new content, one value per MIME type
     */
    public static void update(String id, Map<String, Object> bundle) {
        Objects.requireNonNull(id, "id");
        Map<String, Object> complete = complete(bundle);
        Sink current = sink;
        if (current != null) {
            current.update(id, complete);
        } else {
            printText(System.out, (String) complete.get(TEXT));
        }
    }

    private static Map<String, Object> htmlBundle(String html) {
        Objects.requireNonNull(html, "html");
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put(HTML, html);
        return bundle;
    }

    /** A copy of the bundle that surely has plain text (from its HTML, if it has none). */
    private static Map<String, Object> complete(Map<String, Object> bundle) {
        Objects.requireNonNull(bundle, "bundle");
        Map<String, Object> copy = new LinkedHashMap<>(bundle);
        if (!(copy.get(TEXT) instanceof String)) {
            Object html = copy.get(HTML);
            copy.put(TEXT, html instanceof String h ? plainText(h) : "");
        }
        return copy;
    }

    private static void printText(PrintStream out, String text) {
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
