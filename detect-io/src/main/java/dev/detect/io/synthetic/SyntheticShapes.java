package dev.detect.io.synthetic;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.core.internal.AtomicFiles;
import dev.detect.io.voc.VocWriter;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * A synthetic object-detection dataset: circles, squares and triangles of several colours and
 * sizes, several per image and sometimes overlapping, on noisy textured backgrounds, plus some
 * negative images. Deterministic for a seed. Written as JPEG images and labelImg VOC XML, the
 * layout of a real labelImg project ({@code images/}, {@code annotations/}).
 *
 * <pre>{@code
 * AnnotationSet set = SyntheticShapes.builder().images(300).seed(7).build().write(Path.of("shapes"));
 * }</pre>
 */
public final class SyntheticShapes {
  /** The class names, in label map order. */
  public static final List<String> CLASSES = List.of("circle", "square", "triangle");

  private static final Color[] COLORS = {
    new Color(220, 40, 40), new Color(40, 170, 60), new Color(40, 80, 220),
    new Color(235, 200, 30), new Color(200, 60, 200), new Color(30, 190, 200)
  };

  private final int images;
  private final int width;
  private final int height;
  private final long seed;
  private final int maxObjects;
  private final double negativeFraction;
  private final double minSize;
  private final double maxSize;
  private final int jpegQuality;

  private SyntheticShapes(Builder b) {
    this.images = b.images;
    this.width = b.width;
    this.height = b.height;
    this.seed = b.seed;
    this.maxObjects = b.maxObjects;
    this.negativeFraction = b.negativeFraction;
    this.minSize = b.minSize;
    this.maxSize = b.maxSize;
    this.jpegQuality = b.jpegQuality;
  }

  /** A builder with defaults: 200 images of 320x240, up to 4 objects, 10% negatives, seed 1. */
  public static Builder builder() {
    return new Builder();
  }

  /** One generated image with its annotation. */
  public record Sample(BufferedImage image, ImageAnnotation annotation) {}

  /** Generates image {@code index} (0-based) in memory. */
  public Sample sample(int index) {
    SplittableRandom r = new SplittableRandom(seed * 1_000_003L + index);
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    background(img, r);
    String name = String.format(Locale.ROOT, "shapes-%05d.jpg", index);
    ImageAnnotation.Builder a =
        ImageAnnotation.builder(name, width, height).folder("images").verified(true);
    if (r.nextDouble() >= negativeFraction) {
      Graphics2D g = img.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      List<PixelBox> placed = new ArrayList<>();
      int n = 1 + r.nextInt(maxObjects);
      for (int k = 0; k < n; k++) {
        place(g, r, placed).ifPresent(a::addObject);
      }
      g.dispose();
    }
    noise(img, r);
    return new Sample(img, a.build());
  }

  private java.util.Optional<ObjectAnnotation> place(
      Graphics2D g, SplittableRandom r, List<PixelBox> placed) {
    int minDim = Math.min(width, height);
    for (int attempt = 0; attempt < 20; attempt++) {
      int size = (int) (minDim * (minSize + r.nextDouble() * (maxSize - minSize)));
      int x = r.nextInt(Math.max(1, width - size));
      int y = r.nextInt(Math.max(1, height - size));
      PixelBox box = PixelBox.ofCorners(x, y, x + size, y + size);
      boolean tooClose = false;
      for (PixelBox p : placed) {
        tooClose |= p.iou(box) > 0.25;
      }
      if (tooClose) {
        continue;
      }
      placed.add(box);
      int cls = r.nextInt(CLASSES.size());
      g.setColor(COLORS[r.nextInt(COLORS.length)]);
      switch (cls) {
        case 0 -> g.fillOval(x, y, size, size);
        case 1 -> g.fillRect(x, y, size, size);
        default ->
            g.fillPolygon(
                new Polygon(
                    new int[] {x, x + size / 2, x + size}, new int[] {y + size, y, y + size}, 3));
      }
      return java.util.Optional.of(ObjectAnnotation.of(CLASSES.get(cls), box));
    }
    return java.util.Optional.empty();
  }

  private void background(BufferedImage img, SplittableRandom r) {
    int c0 = 60 + r.nextInt(120);
    int c1 = 60 + r.nextInt(120);
    int c2 = 60 + r.nextInt(120);
    double gx = r.nextDouble() * 0.4 - 0.2;
    double gy = r.nextDouble() * 0.4 - 0.2;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int d = (int) (gx * x + gy * y);
        img.setRGB(x, y, rgb(c0 + d, c1 + d / 2, c2 - d));
      }
    }
    Graphics2D g = img.createGraphics();
    g.setStroke(new BasicStroke(2));
    for (int i = 0; i < 6; i++) {
      int v = 40 + r.nextInt(180);
      g.setColor(new Color(v, v, v, 90));
      g.drawLine(r.nextInt(width), r.nextInt(height), r.nextInt(width), r.nextInt(height));
    }
    g.dispose();
  }

  private static void noise(BufferedImage img, SplittableRandom r) {
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int p = img.getRGB(x, y);
        int n = r.nextInt(41) - 20;
        img.setRGB(x, y, rgb(((p >> 16) & 0xFF) + n, ((p >> 8) & 0xFF) + n, (p & 0xFF) + n));
      }
    }
  }

  private static int rgb(int r, int g, int b) {
    return clamp(r) << 16 | clamp(g) << 8 | clamp(b);
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }

  /**
   * Writes the dataset to {@code dir}: {@code dir/images/*.jpg} and {@code dir/annotations/*.xml}
   * (labelImg VOC). Files are written atomically.
   *
   * @return the annotations written
   */
  public AnnotationSet write(Path dir) throws IOException {
    Path imageDir = AtomicFiles.createDirectories(dir.resolve("images"));
    List<ImageAnnotation> all = new ArrayList<>(images);
    for (int i = 0; i < images; i++) {
      Sample s = sample(i);
      Path file = imageDir.resolve(s.annotation().fileName());
      byte[] jpeg = jpeg(s.image());
      AtomicFiles.writeBytes(file, jpeg);
      all.add(s.annotation().toBuilder().path(file.toAbsolutePath().toString()).build());
    }
    AnnotationSet set = AnnotationSet.of(all);
    VocWriter.defaults().write(set, dir.resolve("annotations"));
    return set;
  }

  private byte[] jpeg(BufferedImage img) throws IOException {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    ImageWriter writer = writers.next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(ios);
      ImageWriteParam p = writer.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(jpegQuality / 100f);
      writer.write(null, new IIOImage(img, null, null), p);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  /** Builds {@link SyntheticShapes}; {@link #build()} snapshots. */
  public static final class Builder {
    private int images = 200;
    private int width = 320;
    private int height = 240;
    private long seed = 1;
    private int maxObjects = 4;
    private double negativeFraction = 0.1;
    private double minSize = 0.15;
    private double maxSize = 0.45;
    private int jpegQuality = 90;

    private Builder() {}

    /** Number of images (default 200). */
    public Builder images(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("images must be >= 1, got " + n);
      }
      this.images = n;
      return this;
    }

    /** Image size in pixels (default 320x240). */
    public Builder imageSize(int width, int height) {
      if (width < 32 || height < 32) {
        throw new IllegalArgumentException(
            "image size must be at least 32x32, got " + width + "x" + height);
      }
      this.width = width;
      this.height = height;
      return this;
    }

    /** Seed (default 1): the same seed gives the same images and boxes. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Maximum objects per positive image (default 4). */
    public Builder maxObjects(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxObjects must be >= 1, got " + n);
      }
      this.maxObjects = n;
      return this;
    }

    /** Fraction of images with no object (default 0.1). */
    public Builder negativeFraction(double f) {
      if (!(f >= 0 && f < 1)) {
        throw new IllegalArgumentException("negativeFraction must be in [0, 1), got " + f);
      }
      this.negativeFraction = f;
      return this;
    }

    /** Object size range as a fraction of the shorter image side (default 0.15 to 0.45). */
    public Builder objectSize(double min, double max) {
      if (!(min > 0 && min <= max && max <= 1)) {
        throw new IllegalArgumentException(
            "object size range must satisfy 0 < min <= max <= 1, got " + min + ", " + max);
      }
      this.minSize = min;
      this.maxSize = max;
      return this;
    }

    /** JPEG quality 1..100 (default 90). */
    public Builder jpegQuality(int q) {
      if (q < 1 || q > 100) {
        throw new IllegalArgumentException("jpegQuality must be 1..100, got " + q);
      }
      this.jpegQuality = q;
      return this;
    }

    /**
     * The generator.
     *
     * @throws IllegalArgumentException when the smallest object would be under 4 pixels (a box of
     *     zero size after rounding, which a TFRecord writer refuses)
     */
    public SyntheticShapes build() {
      double smallest = minSize * Math.min(width, height);
      if (smallest < 4) {
        throw new IllegalArgumentException(
            "objectSize minimum "
                + minSize
                + " of a "
                + width
                + "x"
                + height
                + " image gives objects of "
                + (int) smallest
                + " pixels; raise it to at least "
                + (4.0 / Math.min(width, height)));
      }
      return new SyntheticShapes(this);
    }
  }
}
