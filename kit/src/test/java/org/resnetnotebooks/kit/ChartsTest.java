package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

    @TempDir Path dir;

    @BeforeEach
    void reset() {
        PlotlyLibrary.forget();
    }

    @AfterEach
    void disconnect() {
        Notebook.disconnect();
    }

    static Table metrics() {
        return Table.create(
                "m",
                IntColumn.create("epoch", new int[] {1, 2, 3}),
                DoubleColumn.create("train_loss", new double[] {2.25, 0.5, 0.125}),
                DoubleColumn.create("test_loss", new double[] {1.5, 0.75, 0.625}));
    }

    static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    /** The traces of a chart's script: field name to raw JavaScript value. */
    static List<Map<String, String>> traces(String html) {
        List<Map<String, String>> result = new ArrayList<>();
        Matcher t = Pattern.compile("(?s)var trace\\d+ =\\s*\\{(.*?)\\n\\};").matcher(html);
        while (t.find()) {
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher f = Pattern.compile("(?m)^(\\w+): (.*),$").matcher(t.group(1));
            while (f.find()) {
                fields.put(f.group(1), f.group(2));
            }
            result.add(fields);
        }
        return result;
    }

    static double[] numbers(String jsArray) {
        JsonArray a = JsonParser.parseString(jsArray.replace(",]", "]")).getAsJsonArray();
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = Double.parseDouble(a.get(i).getAsString());
        }
        return d;
    }

    static List<String> strings(String jsArray) {
        List<String> s = new ArrayList<>();
        for (JsonElement e : JsonParser.parseString(jsArray).getAsJsonArray()) {
            s.add(e.getAsString());
        }
        return s;
    }

    @Test
    void plotlyIsEmbeddedOncePerConnection() {
        Figure f = Charts.lines(metrics(), "epoch", List.of("train_loss"), "Loss", "epoch", "loss (nats)");
        String first = Charts.html(f);
        String second = Charts.html(f);
        assertEquals(1, count(first, PlotlyLibrary.MARKER));
        assertTrue(first.contains("plotly.js (cartesian - minified) v2.35.3"), "the bundle itself is inline");
        assertEquals(0, count(second, PlotlyLibrary.MARKER));
        assertTrue(first.length() > 1_000_000 && second.length() < 10_000);
        RecordingSink.install(); // re-running the set-up cell connects again
        assertEquals(1, count(Charts.html(f), PlotlyLibrary.MARKER));
        assertEquals(0, count(Charts.html(f), PlotlyLibrary.MARKER));
        PlotlyLibrary.forget();
        assertEquals(1, count(Charts.html(f), PlotlyLibrary.MARKER));
    }

    @Test
    void noNetworkNoRequireJs() {
        String html =
                Charts.html(Charts.lines(metrics(), "epoch", List.of("train_loss"), "Loss", "epoch", "loss (nats)"));
        assertFalse(Pattern.compile("(?i)<script[^>]*\\bsrc\\s*=").matcher(html).find(), "no external script");
        // the bundle mentions plotly's own CDN only as the default topojsonURL of geo maps,
        // which the cartesian bundle never fetches; the chart's own code has no address at all
        String chart = html.substring(html.lastIndexOf("<div id="));
        assertFalse(chart.contains("http"), chart);
        assertFalse(html.contains("<link"), "no external style sheet");
        assertFalse(html.contains("require("), "no RequireJS call");
        assertFalse(html.contains("requirejs"));
        assertTrue(html.contains("window.define = undefined"), "AMD define is hidden while the bundle runs");
        assertTrue(html.contains("window.define = savedDefine"));
    }

    @Test
    void chartWaitsForPlotlyAndExplainsWhenItNeverComes() {
        String html =
                ChartScript.html(Charts.lines(metrics(), "epoch", List.of("train_loss"), "Loss", "epoch", "loss (nats)"));
        assertTrue(html.contains("window.Plotly && window.Plotly.newPlot"), html);
        assertTrue(html.contains("setTimeout(attempt, 50)"), html);
        assertTrue(html.contains(ChartScript.NOT_LOADED_HINT), html);
        assertTrue(html.contains("re-run the set-up cell"));
        assertTrue(html.contains(ChartScript.PLACEHOLDER), "text shown until scripts run");
        Matcher id = Pattern.compile("<div id=\"(rnk_[a-z0-9]+_\\d+)\"").matcher(html);
        assertTrue(id.find());
        assertTrue(html.contains("document.getElementById('" + id.group(1) + "')"), html);
    }

    @Test
    void lineTracesCarryTheTableColumnsAndTheLabels() {
        Table t = metrics();
        Figure f =
                Charts.lines(t, "epoch", List.of("train_loss", "test_loss"), "Loss per epoch", "epoch",
                        "cross-entropy loss (nats)", true);
        String html = ChartScript.html(f);
        List<Map<String, String>> traces = traces(html);
        assertEquals(2, traces.size());
        for (int i = 0; i < 2; i++) {
            String col = i == 0 ? "train_loss" : "test_loss";
            Map<String, String> tr = traces.get(i);
            assertEquals("'scatter'", tr.get("type"));
            assertEquals("'" + col + "'", tr.get("name"));
            assertEquals("'lines+markers'", tr.get("mode"));
            assertEquals(
                    java.util.Arrays.toString(t.numberColumn("epoch").asDoubleArray()),
                    java.util.Arrays.toString(numbers(tr.get("x"))));
            assertEquals(
                    java.util.Arrays.toString(t.numberColumn(col).asDoubleArray()),
                    java.util.Arrays.toString(numbers(tr.get("y"))));
        }
        assertTrue(html.contains("title: 'Loss per epoch'"), html);
        assertTrue(html.contains("title: 'epoch'"), html);
        assertTrue(html.contains("title: 'cross-entropy loss (nats)'"), html);
        assertTrue(html.contains("type: 'log'"), html);
        assertTrue(html.contains("showlegend: true"), html);
        String linear =
                ChartScript.html(Charts.lines(t, "epoch", List.of("train_loss"), "L", "epoch", "loss (nats)"));
        assertTrue(linear.contains("type: 'linear'"), linear);
    }

    @Test
    void manyPointsAreDrawnAsPlainLines() {
        int n = 200;
        int[] steps = new int[n];
        double[] loss = new double[n];
        for (int i = 0; i < n; i++) {
            steps[i] = i;
            loss[i] = 1.0 / (i + 1);
        }
        Table t = Table.create("s", IntColumn.create("step", steps), DoubleColumn.create("loss", loss));
        String html = ChartScript.html(Charts.lines(t, "step", List.of("loss"), "Loss", "step", "loss (nats)"));
        assertEquals("'lines'", traces(html).get(0).get("mode"));
        assertEquals(n, numbers(traces(html).get(0).get("y")).length);
    }

    @Test
    void barsCarryCategoriesAndValues() {
        Table t =
                Table.create(
                        "models",
                        StringColumn.create("model", "plain-20", "ResNet-20"),
                        DoubleColumn.create("train_error", new double[] {7.5, 4.25}),
                        DoubleColumn.create("test_error", new double[] {9.5, 8.75}));
        String html =
                ChartScript.html(
                        Charts.bars(t, "model", List.of("train_error", "test_error"), "Error by model",
                                "model", "error (%)"));
        List<Map<String, String>> traces = traces(html);
        assertEquals(2, traces.size());
        assertEquals(List.of("plain-20", "ResNet-20"), strings(traces.get(0).get("x")));
        assertEquals("[7.5, 4.25]", java.util.Arrays.toString(numbers(traces.get(0).get("y"))));
        assertEquals("[9.5, 8.75]", java.util.Arrays.toString(numbers(traces.get(1).get("y"))));
        assertEquals("'bar'", traces.get(1).get("type"));
        assertEquals("'test_error'", traces.get(1).get("name"));
        assertTrue(html.contains("title: 'error (%)'"), html);
        assertTrue(html.contains("showlegend: true"), html);
    }

    @Test
    void confusionMatrixIsAHeatmapWithClassNames() {
        long[][] counts = {{50, 2, 1}, {3, 40, 0}, {4, 5, 30}};
        List<String> names = List.of("T-shirt/top", "Trouser", "Pullover");
        String html = ChartScript.html(Charts.confusionMatrix(counts, names, "Confusion matrix"));
        Map<String, String> tr = traces(html).get(0);
        assertEquals("'heatmap'", tr.get("type"));
        assertEquals(names, strings(tr.get("x")));
        assertEquals(names, strings(tr.get("y")));
        String z = tr.get("z").replace(",]", "]");
        JsonArray rows = JsonParser.parseString(z).getAsJsonArray();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(counts[i][j], rows.get(i).getAsJsonArray().get(j).getAsDouble());
            }
        }
        assertTrue(html.contains("title: 'Predicted class (count of test images)'"), html);
        assertTrue(html.contains("title: 'True class'"), html);
        assertTrue(html.contains("autorange: 'reversed'"), "first class on top");
    }

    @Test
    void heatmapFromATable() {
        Table t =
                Table.create(
                        "acc",
                        StringColumn.create("depth", "20", "56"),
                        DoubleColumn.create("plain", new double[] {0.9, 0.8}),
                        DoubleColumn.create("residual", new double[] {0.91, 0.93}));
        Map<String, String> tr =
                traces(ChartScript.html(Charts.heatmap(t, "depth", List.of("plain", "residual"),
                        "Accuracy", "network", "depth (layers)"))).get(0);
        assertEquals(List.of("plain", "residual"), strings(tr.get("x")));
        assertEquals(List.of("20", "56"), strings(tr.get("y")));
        assertEquals("[[0.9,0.91],[0.8,0.93]]", tr.get("z").replace(",]", "]"));
        assertThrows(
                IllegalArgumentException.class,
                () -> Charts.heatmap(new double[][] {{1, 2}}, List.of("a"), List.of("r"), "T", "x", "y"));
    }

    @Test
    void titlesAndAxisTitlesAreRequired() {
        Table t = metrics();
        assertThrows(IllegalArgumentException.class,
                () -> Charts.lines(t, "epoch", List.of("train_loss"), " ", "epoch", "loss"));
        assertThrows(IllegalArgumentException.class,
                () -> Charts.lines(t, "epoch", List.of("train_loss"), "Loss", null, "loss"));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class,
                        () -> Charts.bars(t, "epoch", List.of("train_loss"), "Loss", "epoch", ""));
        assertTrue(e.getMessage().contains("unit"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Charts.lines(t, "epoch", List.of(), "Loss", "epoch", "loss"));
    }

    @Test
    void labelsCannotBreakTheScript() {
        Table t =
                Table.create(
                        "odd",
                        StringColumn.create("name", "a</script><script>alert(1)</script>", "b\"c"),
                        DoubleColumn.create("v", new double[] {1, 2}));
        String html =
                ChartScript.html(Charts.bars(t, "name", List.of("v"), "Say \"hi\"\nback\\slash", "x", "y (1)"));
        String script = html.substring(html.indexOf("<script>") + "<script>".length(), html.lastIndexOf("</script>"));
        assertFalse(script.toLowerCase().contains("</script"), "no early end of the script element");
        assertTrue(html.contains("title: 'Say &#39;hi&#39; back/slash'"), html);
        assertEquals("Say 'hi' back/slash", Charts.label("Say \"hi\"\nback\\slash"));
    }

    @Test
    void showSendsPlotlyJsonAPictureAndTextNeverTheLibrary() {
        RecordingSink sink = RecordingSink.install();
        Charts.show(Charts.lines(metrics(), "epoch", List.of("train_loss"), "Loss", "epoch", "loss (nats)"));
        Charts.show(Charts.bars(models(), "model", List.of("test_error"), "Error", "model", "test error (%)"));
        assertEquals(2, sink.shows().size());
        for (RecordingSink.Event e : sink.shows()) {
            assertEquals(Set.of(Charts.PLOTLY_MIME, Charts.PNG_MIME, Notebook.TEXT), e.bundle().keySet());
            assertFalse(e.bundle().toString().contains(PlotlyLibrary.MARKER));
        }
        assertEquals("Chart: Loss (lines: train_loss)", sink.shows().get(0).text());
        assertEquals("Chart: Error (bars: test_error)", sink.shows().get(1).text());
    }

    static Table models() {
        return Table.create("models", StringColumn.create("model", "plain-20", "ResNet-20"),
                DoubleColumn.create("test_error", new double[] {9.5, 8.75}));
    }

    @Test
    void preloadShowsTheLibraryOnceAsItsOwnOutput() {
        RecordingSink sink = RecordingSink.install();
        Charts.preload();
        Charts.preload();
        Charts.show(Charts.lines(metrics(), "epoch", List.of("train_loss"), "Loss", "epoch", "loss (nats)"));
        assertEquals(2, sink.shows().size());
        assertEquals(1, count(sink.shows().get(0).html(), PlotlyLibrary.MARKER));
        assertFalse(sink.shows().get(0).html().contains("resnet-kit-chart"));
        assertEquals(0, count(sink.shows().get(1).html(), PlotlyLibrary.MARKER));
    }

    @Test
    void writesAStandalonePage() throws IOException {
        Path page = dir.resolve("out/check.html");
        ChartPage.main(new String[] {page.toString(), "--fake-requirejs"});
        String html = Files.readString(page);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertEquals(1, count(html, PlotlyLibrary.MARKER));
        assertEquals(3, count(html, "class=\"resnet-kit-chart\""));
        assertTrue(html.indexOf("define.amd = {}") < html.indexOf(PlotlyLibrary.MARKER));
    }

    private static boolean nodeAvailable() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Runs the page's scripts in Node with the real plotly.js (stub DOM): the bundle must set
     * window.Plotly despite a RequireJS-style define, every chart must reach Plotly.newPlot with
     * the table's data, and Plotly.validate must find nothing to complain about.
     */
    @Test
    void generatedScriptsDriveTheRealPlotlyBundle() throws Exception {
        Assumptions.assumeTrue(nodeAvailable(), "node is not installed");
        Path page = dir.resolve("page.html");
        ChartPage.main(new String[] {page.toString(), "--fake-requirejs"});
        Path harness = dir.resolve("harness.js");
        try (InputStream in = ChartsTest.class.getResourceAsStream("/plotly-harness.js")) {
            Files.write(harness, in.readAllBytes());
        }
        Path out = dir.resolve("out.json");
        Process p =
                new ProcessBuilder("node", harness.toString(), page.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "node finished");
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text.length() > 2000 ? text.substring(text.length() - 2000) : text);
        JsonObject r = JsonParser.parseString(text.strip()).getAsJsonObject();
        assertEquals("2.35.3", r.get("plotlyVersion").getAsString());
        assertFalse(r.get("amdDefineCalled").getAsBoolean(), "the bundle must not register with AMD");
        assertEquals("function", r.get("defineRestored").getAsString());
        JsonArray plots = r.getAsJsonArray("plots");
        assertEquals(3, plots.size());
        for (JsonElement e : plots) {
            JsonObject plot = e.getAsJsonObject();
            assertEquals(0, plot.getAsJsonArray("problems").size(), plot.get("problems").toString());
            assertTrue(plot.getAsJsonObject("layout").get("title").isJsonObject(), "title: {text: ...}");
        }
        JsonObject first = plots.get(0).getAsJsonObject();
        JsonArray y = first.getAsJsonArray("data").get(0).getAsJsonObject().getAsJsonArray("y");
        assertEquals("[\"2.1\",\"0.9\",\"0.52\",\"0.31\",\"0.2\"]", y.toString());
        assertEquals(
                "cross-entropy loss (nats, log scale)",
                first.getAsJsonObject("layout").getAsJsonObject("yaxis").getAsJsonObject("title").get("text").getAsString());
        for (Map.Entry<String, JsonElement> state : r.getAsJsonObject("states").entrySet()) {
            assertEquals("drawn", state.getValue().getAsString(), state.getKey());
        }
    }

    @Test
    void curvesWithTheirOwnXValuesBecomeOneLineEach() {
        Map<String, double[][]> curves = new LinkedHashMap<>();
        curves.put("fast recipe, seed 1", new double[][] {{1.3, 2.6, 3.9}, {90, 92, 93.5}});
        curves.put("paper recipe, seed 1", new double[][] {{1.5, 3.0}, {89, 91}});
        Map<String, Object> bundle = Charts.bundleOf(Charts.curves(curves, "Accuracy", "minutes", "accuracy (%)"));
        JsonObject plotly = new com.google.gson.Gson().toJsonTree(bundle.get(Charts.PLOTLY_MIME)).getAsJsonObject();
        JsonArray data = plotly.getAsJsonArray("data");
        assertEquals(2, data.size());
        assertEquals("paper recipe, seed 1", data.get(1).getAsJsonObject().get("name").getAsString());
        assertEquals(3, data.get(0).getAsJsonObject().getAsJsonArray("x").size());
        assertEquals(2, data.get(1).getAsJsonObject().getAsJsonArray("x").size());
        assertTrue(bundle.containsKey(Charts.PNG_MIME), "the picture for an untrusted notebook");
        assertThrows(IllegalArgumentException.class, () -> Charts.curves(
                Map.of("bad", new double[][] {{1, 2}, {1}}), "t", "x", "y"));
        assertThrows(IllegalArgumentException.class, () -> Charts.curves(Map.of(), "t", "x", "y"));
    }
}
