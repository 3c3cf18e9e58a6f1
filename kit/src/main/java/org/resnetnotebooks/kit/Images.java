package org.resnetnotebooks.kit;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Real images in notebook output, as PNG inside an {@code <img>} tag.
 *
 * <p>Why not the kernel's {@code display(image)}: JJava 1.0a8 shows a {@code BufferedImage} as
 * its {@code toString()} text, so the kit encodes the PNG itself; HTML works on every kernel and
 * in exported handouts.
 */
public final class Images {

    private Images() {}

    /**
     * The image as an HTML {@code <img>} with an embedded PNG.
     *
     * @param image the picture
     * @param alt a short description (shown when images are off, read by screen readers)
     * @return an HTML fragment
     */
    public static String html(BufferedImage image, String alt) {
        return "<img alt=\"" + Html.escape(alt) + "\" style=\"image-rendering:pixelated\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png(image)) + "\"/>";
    }

    /**
     * Shows the image in the notebook.
     *
     * @param image the picture
     * @param alt a short description
     */
    public static void show(BufferedImage image, String alt) {
        Notebook.show(html(image, alt)); // void: a returned id would print under the image
    }

    /**
     * Images side by side in a grid, each with a caption under it (e.g. a class name).
     *
     * @param images the pictures (all drawn at their own size)
     * @param captions one caption per image
     * @param columns images per row
     * @return an HTML fragment
     */
    public static String grid(List<BufferedImage> images, List<String> captions, int columns) {
        if (images.size() != captions.size()) {
            throw new IllegalArgumentException(
                    images.size() + " images but " + captions.size() + " captions: give one caption per image.");
        }
        if (columns < 1) {
            throw new IllegalArgumentException("columns must be at least 1, was " + columns);
        }
        StringBuilder sb = new StringBuilder("<div style=\"display:grid;grid-template-columns:repeat(")
                .append(columns).append(",max-content);gap:6px 10px\">");
        for (int i = 0; i < images.size(); i++) {
            sb.append("<figure style=\"margin:0;text-align:center\">")
                    .append(html(images.get(i), captions.get(i)))
                    .append("<figcaption style=\"font-size:11px\">").append(Html.escape(captions.get(i)))
                    .append("</figcaption></figure>");
        }
        return sb.append("</div>").toString();
    }

    /** PNG bytes of the image. */
    static byte[] png(BufferedImage image) {
        BufferedImage rgb = image;
        if (image.getType() != BufferedImage.TYPE_INT_RGB && image.getType() != BufferedImage.TYPE_BYTE_GRAY) {
            rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = rgb.createGraphics();
            g.drawImage(image, 0, 0, null);
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(rgb, "png", out)) {
                throw new IllegalStateException("No PNG writer in this Java runtime.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
