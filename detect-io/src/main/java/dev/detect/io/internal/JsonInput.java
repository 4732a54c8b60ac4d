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
        "invalid JSON: " + e.getOriginalMessage() + "; fix the file or export it again",
        e);
  }
}
