package dev.detect.train.detector;

import dev.detect.core.box.PixelBox;
import dev.detect.core.eval.Detection;
import dev.detect.core.internal.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Draws detections onto a copy of an image and writes annotated images: one colour per class (the
 * same colour for a label id in every image), a box outline whose width grows with the image size,
 * and the label with its score ({@code dog 87%}) on a filled background above the box (inside it
 * when there is no room above).
 *
 * <pre>{@code
 * BufferedImage annotated = DetectionDrawer.draw(image, detector.detect(image));
 * DetectionDrawer.write(annotated, Path.of("annotated/dog.jpg"));
 * }</pre>
 *
 * <p>Boxes are drawn from each detection's normalized box scaled to the size of the image drawn on,
 * so the image need not be the one the detector saw, only the same picture. Thread-safe.
 */
public final class DetectionDrawer {
  private static final float JPEG_QUALITY = 0.92f;

  private DetectionDrawer() {}

  /**
   * Returns a copy of {@code image} with {@code detections} drawn on it; the input is not changed.
   * The copy is RGB, or ARGB when the input has an alpha channel.
   */
  public static BufferedImage draw(BufferedImage image, List<Detection> detections) {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(detections, "detections");
    int w = image.getWidth();
    int h = image.getHeight();
    boolean alpha = image.getColorModel().hasAlpha();
    BufferedImage copy =
        new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = copy.createGraphics();
    try {
      g.drawImage(image, 0, 0, null);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      int shorter = Math.min(w, h);
      float lineWidth = Math.max(2f, shorter / 200f);
      g.setStroke(new BasicStroke(lineWidth));
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, Math.round(shorter / 32f))));
      for (Detection d : detections) {
        drawOne(g, d, w, h, lineWidth);
      }
    } finally {
      g.dispose();
    }
    return copy;
  }

  private static void drawOne(Graphics2D g, Detection d, int w, int h, float lineWidth) {
    PixelBox box = d.box().clip().toPixels(w, h);
    Color color = colorOf(d);
    int x0 = (int) Math.round(box.xmin());
    int y0 = (int) Math.round(box.ymin());
    int bw = Math.max(1, (int) Math.round(box.width()));
    int bh = Math.max(1, (int) Math.round(box.height()));
    g.setColor(color);
    g.drawRect(x0, y0, bw, bh);

    String text = label(d);
    FontMetrics fm = g.getFontMetrics();
    int pad = Math.max(1, Math.round(lineWidth / 2));
    int tw = fm.stringWidth(text) + 2 * pad;
    int th = fm.getAscent() + fm.getDescent() + pad;
    int tx = Math.max(0, Math.min(x0 - Math.round(lineWidth / 2), w - tw));
    int ty = y0 - th >= 0 ? y0 - th : y0;
    g.fillRect(tx, ty, tw, th);
    g.setColor(textColorOn(color));
    g.drawString(text, tx + pad, ty + pad / 2 + fm.getAscent());
  }

  /** The label text: the label name (or {@code #id}) and the score in percent. */
  static String label(Detection d) {
    String name = d.labelName().isEmpty() ? "#" + d.labelId() : d.labelName();
    return name + " " + Math.round(d.score() * 100) + "%";
  }

  /**
   * The colour of a class: well-separated hues by label id (the golden-ratio sequence), or by the
   * name's hash when the id is unknown.
   */
  static Color colorOf(Detection d) {
    int key = d.labelId() > 0 ? d.labelId() : d.labelName().hashCode();
    float hue = (float) ((key * 0.618033988749895) % 1.0);
    if (hue < 0) {
      hue += 1;
    }
    return Color.getHSBColor(hue, 0.85f, 0.95f);
  }

  private static Color textColorOn(Color background) {
    double luminance =
        0.299 * background.getRed() + 0.587 * background.getGreen() + 0.114 * background.getBlue();
    return luminance > 150 ? Color.BLACK : Color.WHITE;
  }

  /**
   * Writes {@code image} to {@code file} atomically (a temporary file in the same folder renamed
   * into place), in the format of the file's extension: {@code .png}, {@code .jpg}/{@code .jpeg}
   * (quality 92, alpha dropped) or {@code .bmp}. Missing parent folders are created.
   *
   * @throws IllegalArgumentException for another extension
   */
  public static void write(BufferedImage image, Path file) throws IOException {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(file, "file");
    String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
    String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
    switch (ext) {
      case "png" -> AtomicFiles.write(file, out -> writeWith(image, "png", out, false));
      case "jpg", "jpeg" ->
          AtomicFiles.write(file, out -> writeWith(opaque(image), "jpeg", out, true));
      case "bmp" -> AtomicFiles.write(file, out -> writeWith(opaque(image), "bmp", out, false));
      default ->
          throw new IllegalArgumentException(
              "cannot tell the image format of '"
                  + file
                  + "' from its extension: use .png, .jpg, .jpeg or .bmp");
    }
  }

  private static void writeWith(
      BufferedImage image, String format, java.io.OutputStream out, boolean jpeg)
      throws IOException {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
    if (!writers.hasNext()) {
      throw new IOException("no ImageIO writer for " + format);
    }
    ImageWriter writer = writers.next();
    try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(ios);
      ImageWriteParam p = writer.getDefaultWriteParam();
      if (jpeg) {
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(JPEG_QUALITY);
      }
      writer.write(null, new IIOImage(image, null, null), p);
    } finally {
      writer.dispose();
    }
  }

  /** The image without alpha (JPEG and BMP writers refuse or mis-colour ARGB). */
  private static BufferedImage opaque(BufferedImage image) {
    if (image.getType() == BufferedImage.TYPE_INT_RGB
        || image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
      return image;
    }
    BufferedImage rgb =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    try {
      g.drawImage(image, 0, 0, Color.WHITE, null);
    } finally {
      g.dispose();
    }
    return rgb;
  }
}
