package org.resnetnotebooks.kit;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;

/**
 * A standalone HTML page of charts drawn by script (plotly.js embedded once, then each chart), for
 * exports and for checking in a browser that the scripts really draw.
 *
 * <p>Why: the scripts of {@link ChartScript} and {@link PlotlyLibrary} only show their worth in a
 * browser. {@link #main} writes a page of demo charts that the kit's tests run in Node with the
 * real plotly.js ({@code ChartsTest}), with or without a RequireJS-style {@code define} on the
 * page. Nothing in {@code bin/} or {@code tools/} calls it; run it by hand to look at the page:
 * {@code java -cp <the kit's classpath> org.resnetnotebooks.kit.ChartPage out.html}.
 */
public final class ChartPage {

    private ChartPage() {}

    /**
     * A complete HTML page with the library and the charts.
     *
     * @param title the page title
     * @param figures the charts
     * @return the page
     */
    public static String page(String title, Figure... figures) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"UTF-8\">\n<title>")
                .append(Html.escape(title))
                .append("</title>\n</head>\n<body>\n")
                .append(PlotlyLibrary.html());
        for (Figure f : figures) {
            sb.append(ChartScript.html(f));
        }
        return sb.append("</body>\n</html>\n").toString();
    }

    /**
     * Writes {@link #page} to a file.
     *
     * @param file the file to write (its folder is created)
     * @param title the page title
     * @param figures the charts
     * @return the file
     * @throws UncheckedIOException if it cannot be written
     */
    public static Path writePage(Path file, String title, Figure... figures) {
        return writeText(file, page(title, figures));
    }

    private static Path writeText(Path file, String text) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /**
     * The demo figures of {@link #main}: a log-scale line chart, a bar chart and a confusion matrix.
     *
     * @return three figures
     */
    static Figure[] demoFigures() {
        Table log = Table.create("metrics",
                IntColumn.create("epoch", new int[] {1, 2, 3, 4, 5}),
                DoubleColumn.create("train_loss", new double[] {2.1, 0.9, 0.52, 0.31, 0.2}),
                DoubleColumn.create("test_loss", new double[] {1.5, 0.8, 0.6, 0.5, 0.48}));
        Table models = Table.create("models",
                StringColumn.create("model", "plain-20", "ResNet-20"),
                DoubleColumn.create("test_error", new double[] {9.5, 8.75}));
        long[][] counts = new long[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                counts[i][j] = i == j ? 90 - 10L * i : 5 + i + j;
            }
        }
        return new Figure[] {
            Charts.lines(log, "epoch", List.of("train_loss", "test_loss"), "Loss per epoch", "epoch",
                    "cross-entropy loss (nats, log scale)", true),
            Charts.bars(models, "model", List.of("test_error"), "CIFAR-10 test error (He et al. 2015)",
                    "model", "test error (%)"),
            Charts.confusionMatrix(counts, List.of("T-shirt/top", "Trouser", "Pullover"), "Confusion matrix")
        };
    }

    /**
     * Writes a page with the demo charts; each chart's div gets {@code data-chart-state="drawn"}
     * once plotly drew it.
     *
     * <p>Arguments: {@code [output.html] [--fake-requirejs]}. The second adds a stand-in for
     * RequireJS's {@code define} (with {@code define.amd}) before the library, to check that the
     * bundle still sets {@code window.Plotly}.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        Path out = Paths.get(args.length > 0 ? args[0] : "chart-check.html");
        boolean fakeRequire = List.of(args).contains("--fake-requirejs");
        Figure[] figures = demoFigures();
        String page = page("resnet-kit chart check", figures);
        if (fakeRequire) {
            page = page.replaceFirst("<body>\n", "<body>\n<script>var define = function () {"
                    + " window.amdDefineCalled = true; }; define.amd = {};</script>\n");
        }
        writeText(out, page);
        System.out.println("Wrote " + out.toAbsolutePath() + String.format(Locale.ROOT,
                " (%d charts%s)", figures.length, fakeRequire ? ", with a fake RequireJS define" : ""));
    }
}
