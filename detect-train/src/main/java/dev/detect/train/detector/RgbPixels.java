package dev.detect.train.detector;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;

/** Interleaved RGB bytes of a {@link BufferedImage} of any type. */
final class RgbPixels {
  private RgbPixels() {}

  static byte[] of(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] out = new byte[w * h * 3];
    Raster raster = image.getRaster();
    switch (image.getType()) {
      case BufferedImage.TYPE_3BYTE_BGR -> {
        if (raster.getDataBuffer() instanceof DataBufferByte db
            && db.getNumBanks() == 1
            && isPacked(image, 3)) {
          byte[] src = db.getData();
          for (int i = 0; i < w * h; i++) {
            out[3 * i] = src[3 * i + 2];
            out[3 * i + 1] = src[3 * i + 1];
            out[3 * i + 2] = src[3 * i];
          }
          return out;
        }
      }
      case BufferedImage.TYPE_INT_RGB,
          BufferedImage.TYPE_INT_ARGB,
          BufferedImage.TYPE_INT_ARGB_PRE -> {
        if (image.getType() != BufferedImage.TYPE_INT_ARGB_PRE
            && raster.getDataBuffer() instanceof DataBufferInt db
            && isPacked(image, 1)) {
          int[] src = db.getData();
          for (int i = 0; i < w * h; i++) {
            int p = src[i];
            out[3 * i] = (byte) (p >> 16);
            out[3 * i + 1] = (byte) (p >> 8);
            out[3 * i + 2] = (byte) p;
          }
          return out;
        }
      }
      case BufferedImage.TYPE_BYTE_GRAY -> {
        // Gray values as stored (getRGB would apply a gamma curve and brighten them).
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
          raster.getSamples(0, y, w, 1, 0, row);
          for (int x = 0; x < w; x++) {
            byte v = (byte) row[x];
            int o = 3 * (y * w + x);
            out[o] = v;
            out[o + 1] = v;
            out[o + 2] = v;
          }
        }
        return out;
      }
      default -> {
        // handled below
      }
    }
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int p = row[x];
        int o = 3 * (y * w + x);
        out[o] = (byte) (p >> 16);
        out[o + 1] = (byte) (p >> 8);
        out[o + 2] = (byte) p;
      }
    }
    return out;
  }

  private static boolean isPacked(BufferedImage image, int pixelStride) {
    return image.getRaster().getMinX() == 0
        && image.getRaster().getMinY() == 0
        && image.getRaster().getSampleModelTranslateX() == 0
        && image.getRaster().getSampleModelTranslateY() == 0
        && image.getRaster().getDataBuffer().getSize()
            == image.getWidth() * image.getHeight() * pixelStride;
  }
}
