package dev.detect.io.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.detect.core.DatasetFormatException;
import java.io.IOException;
import java.nio.file.Path;

/** Shared Jackson set-up for the JSON formats: strict parsing and located syntax errors. */
public final class JsonInput {
  /** A mapper that rejects duplicate keys (a silent "last one wins" would drop data). */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .build();

  private JsonInput() {}

  /** Opens a streaming parser on {@code file}. */
  public static JsonParser open(Path file) throws IOException {
    return MAPPER.createParser(file.toFile());
  }

  /**
   * Turns a Jackson syntax error into a {@link DatasetFormatException} at its line:column, naming
   * {@code file}.
   */
  public static DatasetFormatException syntaxError(Path file, JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    int line = at == null ? 0 : at.getLineNr();
    int column = at == null ? 0 : at.getColumnNr();
    return new DatasetFormatException(
        String.valueOf(file),
        line,
        column,
        "invalid JSON: " + plainMessage(e) + "; fix the file or export it again",
        e);
  }

  /**
   * Jackson's description of a syntax error without its hints for Java programmers (parser features
   * to enable, such as {@code JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS} or {@code
   * ALLOW_COMMENTS}), which a user of a command line cannot act on: they say instead what JSON does
   * not allow. No location either (callers give it as line:column).
   */
  public static String plainMessage(JsonProcessingException e) {
    String m = String.valueOf(e.getOriginalMessage());
    m = m.replaceAll("\\('(.{1,2})' \\(code \\d+\\)\\)", "'$1'");
    m =
        m.replaceAll(
            "maybe a \\(non-standard\\) comment\\? \\(not recognized as one since Feature"
                + " '[A-Z_]+' not enabled for parser\\)",
            "comments are not allowed in JSON");
    m =
        m.replaceAll(
            ": enable `?(Json|Stream)ReadFeature\\.ALLOW_NON_NUMERIC_NUMBERS`? to allow",
            ": JSON has no NaN or Infinity; write a number");
    // any other feature hint
    m =
        m.replaceAll(
            "[:;,]?\\s*\\(?\\s*enable `?[A-Za-z.]*Feature\\.[A-Z_]+`?( to allow)?\\)?", "");
    m = m.replaceAll("\\s*\\(?[^()]*Feature '[A-Z_]+' not enabled[^()]*\\)?", "");
    return m.replaceAll("\\s*\\n\\s*", "; ");
  }
}
