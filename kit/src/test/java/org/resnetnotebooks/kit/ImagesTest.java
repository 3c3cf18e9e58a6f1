package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImagesTest {

    private static BufferedImage gradient() {
        BufferedImage img = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                img.getRaster().setSample(x, y, 0, x * 60 + y);
            }
        }
        return img;
    }

    @Test
    void htmlEmbedsAPngThatDecodesToTheSamePixels() throws Exception {
        String html = Images.html(gradient(), "a <small> gradient");
        assertTrue(html.contains("alt=\"a &lt;small&gt; gradient\""));
        Matcher m = Pattern.compile("base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        assertTrue(m.find(), html);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
        assertEquals(4, back.getWidth());
        assertEquals(3, back.getHeight());
        assertEquals(3 * 60 + 2, back.getRaster().getSample(3, 2, 0));
    }

    @Test
    void showGoesThroughTheNotebookSink() {
        RecordingSink sink = RecordingSink.install();
        try {
            Images.show(gradient(), "x");
            assertEquals(1, sink.shows().size());
            assertTrue(sink.shows().get(0).html().startsWith("<img"));
        } finally {
            Notebook.disconnect();
        }
    }

    @Test
    void gridHasOneCaptionedFigurePerImage() {
        String html = Images.grid(List.of(gradient(), gradient()), List.of("Bag", "Coat"), 2);
        assertEquals(2, html.split("<figure").length - 1);
        assertTrue(html.contains(">Bag</figcaption>") && html.contains(">Coat</figcaption>"));
        assertThrows(IllegalArgumentException.class, () -> Images.grid(List.of(gradient()), List.of(), 1));
    }
}
