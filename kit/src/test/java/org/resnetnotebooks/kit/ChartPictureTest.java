package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

/** The picture and the plotly JSON of a chart, side by side from one ChartSpec. */
class ChartPictureTest {

    static BufferedImage decode(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    /** Pixels within a small distance of a colour (anti-aliasing blends edges). */
    static int pixelsNear(BufferedImage image, Color colour) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                Color c = new Color(image.getRGB(x, y));
                if (Math.abs(c.getRed() - colour.getRed()) + Math.abs(c.getGreen() - colour.getGreen())
                        + Math.abs(c.getBlue() - colour.getBlue()) < 30) {
                    n++;
                }
            }
        }
        return n;
    }

    static ChartSpec twoLines(boolean logY) {
        return ChartSpec.lines("Loss per epoch", "epoch", "loss (nats)", logY, true, List.of(
                new ChartSpec.Series("train_loss", List.of(1.0, 2.0, 3.0), new double[] {2.25, 0.5, 0.125}),
                new ChartSpec.Series("test_loss", List.of(1.0, 2.0, 3.0), new double[] {1.5, Double.NaN, 0.625})));
    }

    @Test
    void aLineChartIsAPictureWithBothSeriesColours() throws IOException {
        BufferedImage image = decode(ChartPicture.png(twoLines(false)));
        assertEquals(ChartPicture.WIDTH, image.getWidth());
        assertEquals(ChartPicture.HEIGHT, image.getHeight());
        assertTrue(pixelsNear(image, Color.decode(ChartSpec.COLOURS[0])) > 200, "first line drawn");
        assertTrue(pixelsNear(image, Color.decode(ChartSpec.COLOURS[1])) > 50, "second line drawn");
        assertTrue(pixelsNear(image, new Color(0x2A, 0x3F, 0x5F)) > 30, "title drawn");
    }

    @Test
    void aLogAxisSkipsValuesItCannotShow() throws IOException {
        ChartSpec spec = ChartSpec.lines("Loss", "epoch", "loss (log)", true, false, List.of(
                new ChartSpec.Series("l", List.of(1.0, 2.0, 3.0, 4.0), new double[] {10, 0, 1e-3, 1e-2})));
        BufferedImage image = decode(ChartPicture.png(spec));
        assertTrue(pixelsNear(image, Color.decode(ChartSpec.COLOURS[0])) > 20);
    }

    @Test
    void barsAndHeatmapsArePictures() throws IOException {
        ChartSpec bars = ChartSpec.bars("Parameters", "model", "parameters", List.of(
                new ChartSpec.Series("params", List.of("ResNet-34", "ResNet-50"), new double[] {21.8e6, 25.6e6})));
        BufferedImage b = decode(ChartPicture.png(bars));
        assertTrue(pixelsNear(b, Color.decode(ChartSpec.COLOURS[0])) > 5000, "two filled bars");

        ChartSpec heat = ChartSpec.heatmap("Confusion", "predicted", "true", new double[][] {{9, 1}, {2, 8}},
                List.of("a", "b"), List.of("a", "b"));
        BufferedImage h = decode(ChartPicture.png(heat));
        assertEquals(ChartPicture.HEATMAP_WIDTH, h.getWidth());
        assertTrue(pixelsNear(h, new Color(0xFD, 0xE7, 0x25)) > 1000, "the largest count in Viridis yellow");
        assertTrue(pixelsNear(h, new Color(0x44, 0x01, 0x54)) > 1000, "the smallest in Viridis purple");
    }

    @Test
    void scalesUseRoundTicksAndReadableLabels() {
        ChartPicture.Scale s = ChartPicture.Scale.linear(0.13, 2.27, 6);
        assertEquals(0.0, s.ticks.get(0));
        assertTrue(s.max >= 2.27 && s.min <= 0.13);
        assertEquals(0.5, ChartPicture.Scale.niceStep(0.36));
        assertEquals("25.6M", s.label(25.6e6));
        assertEquals("12k", s.label(12_000));
        assertEquals("5000", s.label(5_000));
        assertEquals("0.25", s.label(0.25));
        ChartPicture.Scale log = ChartPicture.Scale.log(0.003, 40);
        assertEquals(1e-3, log.min, 1e-12);
        assertEquals(100, log.max, 1e-9);
    }

    @Test
    @SuppressWarnings("unchecked")
    void plotlyJsonHasObjectTitlesNullGapsAndTheAxisTypes() {
        Map<String, Object> figure = twoLines(true).plotly();
        Map<String, Object> layout = (Map<String, Object>) figure.get("layout");
        assertEquals(Map.of("text", "Loss per epoch"), layout.get("title"));
        assertEquals("log", ((Map<String, Object>) layout.get("yaxis")).get("type"));
        List<Map<String, Object>> data = (List<Map<String, Object>>) figure.get("data");
        assertEquals("lines+markers", data.get(0).get("mode"));
        assertNull(((List<Object>) data.get(1).get("y")).get(1), "NaN is a gap (JSON has no NaN)");

        Map<String, Object> heat = ChartSpec.heatmap("C", "p", "t", new double[][] {{1}}, List.of("a"), List.of("a")).plotly();
        Map<String, Object> yAxis = (Map<String, Object>) ((Map<String, Object>) heat.get("layout")).get("yaxis");
        assertEquals("reversed", yAxis.get("autorange"), "first row on top, as in the picture");
    }

    /** Writes the demo charts' pictures to target/chart-pictures/ for a person to look at. */
    @Test
    void demoPicturesAreWrittenForReview() throws IOException {
        java.nio.file.Path dir = java.nio.file.Path.of("target", "chart-pictures");
        java.nio.file.Files.createDirectories(dir);
        tech.tablesaw.plotly.components.Figure[] figures = ChartPage.demoFigures();
        for (int i = 0; i < figures.length; i++) {
            ChartSpec spec = ((Charts.ChartFigure) figures[i]).spec;
            long start = System.nanoTime();
            byte[] png = ChartPicture.png(spec);
            long micros = (System.nanoTime() - start) / 1000;
            java.nio.file.Files.write(dir.resolve("demo-" + i + ".png"), png);
            System.out.printf(java.util.Locale.ROOT, "chart picture %d (%s): %,d bytes in %,d us%n",
                    i, spec.kind, png.length, micros);
            assertTrue(decode(png).getWidth() > 0);
        }
    }
}
