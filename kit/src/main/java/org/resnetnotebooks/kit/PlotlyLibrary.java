package org.resnetnotebooks.kit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * plotly.js itself, for figures that are drawn by a script: packed into the kit jar at set-up
 * (from npm, never a CDN) and embedded into the notebook once per connection.
 *
 * <p>Why: the kit's own charts need no script (see {@link Charts}), but a figure built with
 * Tablesaw's own API is drawn by plotly.js in the page, which must work offline and in JupyterLab
 * 4, which has no RequireJS. So the bundle (the "cartesian" one, about 1.4 MB) is sent once, in a
 * {@code <script>} that hides a RequireJS {@code define} while it runs: its UMD wrapper then sets
 * {@code window.Plotly} instead of registering an AMD module. {@link ChartScript} waits for it.
 */
final class PlotlyLibrary {

    /** Where plotly.js sits inside the kit jar. */
    static final String RESOURCE = "/org/resnetnotebooks/kit/plotly/plotly.min.js";

    /** Marks the one script that carries plotly.js (tests count it). */
    static final String MARKER = "resnet-kit: plotly.js bundle";

    private static long shownIn = Long.MIN_VALUE;
    private static String source;

    private PlotlyLibrary() {}

    /**
     * Whether the library still has to be embedded for the current connection; claims it.
     *
     * @return {@code true} exactly once per {@link Notebook#generation()}
     */
    static synchronized boolean claim() {
        long generation = Notebook.generation();
        if (shownIn == generation) {
            return false;
        }
        shownIn = generation;
        return true;
    }

    /** Forgets that plotly.js was embedded, so the next figure embeds it again (tests). */
    static synchronized void forget() {
        shownIn = Long.MIN_VALUE;
    }

    /**
     * Shows plotly.js as an output of its own, unless this connection already has it; later
     * updates of other outputs cannot remove it. {@link LiveChart} calls this before its first
     * display.
     */
    static void ensureShown() {
        if (claim()) {
            Notebook.show(html());
        }
    }

    /**
     * The script that defines {@code window.Plotly}, hiding RequireJS while it runs.
     *
     * @return the fragment
     * @throws IllegalStateException if the kit jar was built without plotly.js
     */
    static String html() {
        return "<script>\n/* " + MARKER + " (MIT licence), embedded once by the kit so"
                + " charts draw offline */\n(function () {\n"
                + "  var savedDefine = window.define;\n"
                + "  window.define = undefined;\n"
                + "  try {\n"
                + source()
                + "\n  } finally {\n"
                + "    window.define = savedDefine;\n"
                + "  }\n"
                + "})();\n</script>\n";
    }

    private static synchronized String source() {
        if (source == null) {
            try (InputStream in = PlotlyLibrary.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("plotly.js is missing from the kit jar (" + RESOURCE + ")."
                            + " Run bin/setup, which fetches it and rebuilds the kit.");
                }
                String js = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                // Inside an inline <script>, "</script" in the library would end the element.
                source = Pattern.compile("</(script)", Pattern.CASE_INSENSITIVE).matcher(js).replaceAll("<\\\\/$1");
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + RESOURCE, e);
            }
        }
        return source;
    }
}
