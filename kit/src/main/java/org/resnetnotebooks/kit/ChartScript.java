package org.resnetnotebooks.kit;

import tech.tablesaw.plotly.components.Figure;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTML of one figure drawn by a script: a {@code <div>} and the JavaScript that draws into it
 * once plotly.js ({@link PlotlyLibrary}) is on the page.
 *
 * <p>Why not tablesaw-jsplot's own output: its {@code Figure.asJavascript(divId)} declares global
 * {@code var layout}, {@code var trace0}, {@code var data} (which collide between charts), draws at
 * once (before the library may have arrived) and writes titles as strings, a form plotly.js 3
 * removed. This class wraps that code:
 *
 * <ul>
 *   <li>in a function, so its variables stay local;
 *   <li>with a local {@code Plotly} whose {@code newPlot} turns string titles into {@code title:
 *       {text: ...}} before calling the real one;
 *   <li>behind a wait: the script polls every 50 ms, up to 10 s, until {@code window.Plotly} and the
 *       div exist, then draws; if the library never appears the div says {@link #NOT_LOADED_HINT}.
 *       Until a script runs at all, the div says {@link #PLACEHOLDER}.
 * </ul>
 *
 * <p>The div records what happened in {@code data-chart-state}: {@code drawn}, {@code error} or
 * {@code no-library} (the browser tests read it).
 */
final class ChartScript {

    /** Shown in a chart's div when plotly.js never arrives. */
    static final String NOT_LOADED_HINT = "Chart library not loaded: re-run the set-up cell, then this cell.";

    /** Shown in a chart's div until its script runs. */
    static final String PLACEHOLDER =
            "Chart: run this cell to draw it (notebooks that are not trusted do not run scripts).";

    private static final String ID_PREFIX =
            "rnk_" + Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36) + "_";
    private static final AtomicLong IDS = new AtomicLong();
    private static final Pattern SCRIPT_BODY = Pattern.compile("(?s)^\\s*<script>(.*)</script>\\s*$");

    private ChartScript() {}

    /**
     * The chart alone (never plotly.js).
     *
     * @param figure the figure
     * @return a div with a unique id and its script
     */
    static String html(Figure figure) {
        Objects.requireNonNull(figure, "figure");
        String id = ID_PREFIX + IDS.incrementAndGet();
        Matcher m = SCRIPT_BODY.matcher(figure.asJavascript(id));
        if (!m.matches()) {
            throw new IllegalStateException(
                    "tablesaw-jsplot produced unexpected JavaScript for a figure (no single <script> element)");
        }
        // Inside an inline <script>, "</" (as in "</script>" in a label) would end the element.
        String body = m.group(1).replace("</", "<\\/").replace("<!--", "<\\!--");
        return "<div id=\"" + id + "\" class=\"resnet-kit-chart\">" + Html.escape(PLACEHOLDER)
                + "</div>\n<script>\n(function () {\n"
                + "  var id = '" + id + "', tries = 0;\n"
                + "  function titled(o) {\n"
                + "    if (o && typeof o.title === 'string') { o.title = { text: o.title }; }\n"
                + "  }\n"
                + "  function draw(el) {\n"
                + "    var Plotly = { newPlot: function (div, data, layout, config) {\n"
                + "      if (layout) {\n"
                + "        titled(layout);\n"
                + "        for (var k in layout) { if (/^[xyz]axis[0-9]*$/.test(k)) { titled(layout[k]); } }\n"
                + "      }\n"
                + "      return window.Plotly.newPlot(div, data, layout, config);\n"
                + "    } };\n"
                + "    el.textContent = '';\n"
                + "    try {\n"
                + body
                + "\n      el.setAttribute('data-chart-state', 'drawn');\n"
                + "    } catch (e) {\n"
                + "      el.setAttribute('data-chart-state', 'error');\n"
                + "      el.textContent = 'Chart could not be drawn: ' + e;\n"
                + "    }\n"
                + "  }\n"
                + "  function attempt() {\n"
                + "    var el = document.getElementById(id);\n"
                + "    if (el && window.Plotly && window.Plotly.newPlot) { draw(el); return; }\n"
                + "    if (++tries > 200) {\n"
                + "      if (el) {\n"
                + "        el.setAttribute('data-chart-state', 'no-library');\n"
                + "        el.textContent = '" + NOT_LOADED_HINT + "';\n"
                + "      }\n"
                + "      return;\n"
                + "    }\n"
                + "    setTimeout(attempt, 50);\n"
                + "  }\n"
                + "  attempt();\n"
                + "})();\n</script>\n";
    }
}
