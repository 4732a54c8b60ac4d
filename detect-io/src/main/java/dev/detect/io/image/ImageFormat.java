package dev.detect.io.image;

import java.util.Optional;

/** An image container format, sniffed from the first bytes of a file (never from its name). */
public enum ImageFormat {
  /** JPEG / JFIF / EXIF ({@code FF D8 FF}). */
  JPEG("jpeg"),
  /** PNG ({@code 89 50 4E 47 0D 0A 1A 0A}). */
  PNG("png"),
  /** GIF87a / GIF89a. */
  GIF("gif"),
  /** Windows bitmap ({@code BM}). */
  BMP("bmp"),
  /** WebP ({@code RIFF....WEBP}). */
  WEBP("webp");

  private final String odApiName;

  ImageFormat(String odApiName) {
    this.odApiName = odApiName;
  }

  /** The {@code image/format} value the OD API documents ({@code jpeg}, {@code png}, …). */
  public String odApiName() {
    return odApiName;
  }

  /** Sniffs the format from the first bytes of a file (at least 12 bytes are needed for WebP). */
  public static Optional<ImageFormat> sniff(byte[] head, int length) {
    int n = Math.min(length, head.length);
    if (n >= 3
        && (head[0] & 0xFF) == 0xFF
        && (head[1] & 0xFF) == 0xD8
        && (head[2] & 0xFF) == 0xFF) {
      return Optional.of(JPEG);
    }
    if (n >= 8
        && (head[0] & 0xFF) == 0x89
        && head[1] == 'P'
        && head[2] == 'N'
        && head[3] == 'G'
        && head[4] == 0x0D
        && head[5] == 0x0A
        && head[6] == 0x1A
        && head[7] == 0x0A) {
      return Optional.of(PNG);
    }
    if (n >= 6 && head[0] == 'G' && head[1] == 'I' && head[2] == 'F' && head[3] == '8') {
      return Optional.of(GIF);
    }
    if (n >= 2 && head[0] == 'B' && head[1] == 'M') {
      return Optional.of(BMP);
    }
    if (n >= 12
        && head[0] == 'R'
        && head[1] == 'I'
        && head[2] == 'F'
        && head[3] == 'F'
        && head[8] == 'W'
        && head[9] == 'E'
        && head[10] == 'B'
        && head[11] == 'P') {
      return Optional.of(WEBP);
    }
    return Optional.empty();
  }
}
