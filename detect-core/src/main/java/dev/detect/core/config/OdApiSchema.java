package dev.detect.core.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The field names of the Object Detection API's config messages, read from the resource {@code
 * od-api-fields.txt} (generated from the OD API's {@code .proto} files by {@code
 * tools/od_api_fields.py}; its header says from which versions and how).
 */
final class OdApiSchema {
  /** The message of a whole pipeline.config. */
  static final String ROOT = "object_detection.protos.TrainEvalPipelineConfig";

  private static final String PACKAGE = "object_detection.protos.";
  private static final String RESOURCE = "od-api-fields.txt";

  /**
   * One field of a message.
   *
   * @param messageType the full name of the field's message type; empty for scalars and enums
   */
  record Field(String name, boolean repeated, Optional<String> messageType) {}

  /**
   * One message: its fields by name, and whether it declares an extension range (so that {@code
   * [extension.name]} fields are allowed in it).
   */
  record Message(String name, Map<String, Field> fields, boolean extensible) {
    /** The message name without the {@code object_detection.protos.} package. */
    String shortName() {
      return name.startsWith(PACKAGE) ? name.substring(PACKAGE.length()) : name;
    }
  }

  private static final class Holder {
    static final OdApiSchema INSTANCE = load();
  }

  private final Map<String, Message> messages;

  private OdApiSchema(Map<String, Message> messages) {
    this.messages = messages;
  }

  /** The schema read from the resource (once). */
  static OdApiSchema get() {
    return Holder.INSTANCE;
  }

  /** A message by full name. */
  Optional<Message> message(String fullName) {
    return Optional.ofNullable(messages.get(fullName));
  }

  /** The number of messages. */
  int size() {
    return messages.size();
  }

  private static OdApiSchema load() {
    try (InputStream in = OdApiSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource missing: " + RESOURCE);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      Map<String, Message> messages = new HashMap<>();
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank() && !line.startsWith("#")) {
          Message m = parseLine(line);
          messages.put(m.name(), m);
        }
      }
      for (Message m : messages.values()) {
        for (Field f : m.fields().values()) {
          f.messageType()
              .filter(t -> !messages.containsKey(t))
              .ifPresent(
                  t -> {
                    throw new IllegalStateException(
                        RESOURCE + ": " + m.name() + "." + f.name() + " names unknown " + t);
                  });
        }
      }
      return new OdApiSchema(Map.copyOf(messages));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** {@code name: [extensions] field field*=Type ...}. */
  private static Message parseLine(String line) {
    int colon = line.indexOf(':');
    if (colon < 0) {
      throw new IllegalStateException(RESOURCE + ": no ':' in line: " + line);
    }
    String name = line.substring(0, colon).strip();
    Map<String, Field> fields = new LinkedHashMap<>();
    boolean extensible = false;
    for (String token : line.substring(colon + 1).strip().split("\\s+")) {
      if (token.isEmpty()) {
        continue;
      }
      if (token.equals("[extensions]")) {
        extensible = true;
        continue;
      }
      int eq = token.indexOf('=');
      String fieldName = eq < 0 ? token : token.substring(0, eq);
      Optional<String> type = eq < 0 ? Optional.empty() : Optional.of(token.substring(eq + 1));
      boolean repeated = fieldName.endsWith("*");
      if (repeated) {
        fieldName = fieldName.substring(0, fieldName.length() - 1);
      }
      fields.put(fieldName, new Field(fieldName, repeated, type));
    }
    return new Message(name, Collections.unmodifiableMap(fields), extensible);
  }
}
