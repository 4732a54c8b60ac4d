package dev.detect.io.internal;

import dev.detect.core.DatasetFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Strict UTF-8 decoding of text files, refusing malformed bytes at their line and column. A leading
 * byte-order mark (U+FEFF, which Windows editors write) is dropped, so that no reader sees it as
 * part of the first value.
 */
public final class Utf8Text {
  private Utf8Text() {}

  /**
   * Reads {@code file} as UTF-8, without a leading byte-order mark.
   *
   * @throws DatasetFormatException naming the file, line and column of the first byte that is not
   *     UTF-8
   * @throws IOException if the file cannot be read
   */
  public static String read(Path file) throws IOException {
    return decode(Files.readAllBytes(file), file);
  }

  /**
   * Decodes {@code bytes} read from {@code file} as UTF-8, without a leading byte-order mark.
   *
   * @throws DatasetFormatException naming the file, line and column (1-based, in characters) of the
   *     first byte that is not UTF-8
   */
  public static String decode(byte[] bytes, Path file) throws DatasetFormatException {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult r = decoder.decode(in, out, true);
    if (!r.isError()) {
      r = decoder.flush(out);
    }
    if (r.isError()) {
      int line = 1;
      int column = 1;
      for (int i = 0; i < out.position(); i++) {
        column = out.get(i) == '\n' ? 1 : column + 1;
        line += out.get(i) == '\n' ? 1 : 0;
      }
      throw new DatasetFormatException(
          file.toString(),
          line,
          column,
          "byte 0x"
              + Integer.toHexString(bytes[in.position()] & 0xFF)
              + " at byte offset "
              + in.position()
              + " is not UTF-8 text; save the file as UTF-8");
    }
    String text = out.flip().toString();
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }
}
