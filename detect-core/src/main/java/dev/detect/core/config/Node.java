package dev.detect.core.config;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.textproto.TextProtoDocument;
import dev.detect.core.textproto.TextProtoField;
import dev.detect.core.textproto.TextProtoMessage;
import dev.detect.core.textproto.TextProtoScalar;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A message of the config as the OD API sees it after {@code text_format.Merge}: every occurrence
 * of a non-repeated message merged, the last occurrence of a scalar winning. Typed reads with the
 * proto defaults; wrong value kinds throw a located {@link DatasetFormatException}.
 */
final class Node {
  private final String source;
  private final List<TextProtoMessage> messages;

  private Node(String source, List<TextProtoMessage> messages) {
    this.source = source;
    this.messages = messages;
  }

  static Node root(TextProtoDocument doc) {
    return new Node(doc.sourceName(), List.of(doc.root()));
  }

  /** The merged messages named {@code name} (absent if none). */
  Node child(String name) {
    List<TextProtoMessage> out = new ArrayList<>();
    for (TextProtoMessage m : messages) {
      for (TextProtoField f : m.fields(name)) {
        out.addAll(f.messages());
      }
    }
    return new Node(source, out);
  }

  /** The merged messages at a dotted path of message names. */
  Node path(String dotted) {
    Node n = this;
    for (String name : dotted.split("\\.")) {
      n = n.child(name);
    }
    return n;
  }

  /** Each occurrence of a repeated message field, in order. */
  List<Node> each(String name) {
    List<Node> out = new ArrayList<>();
    for (TextProtoMessage m : messages) {
      for (TextProtoField f : m.fields(name)) {
        for (TextProtoMessage v : f.messages()) {
          out.add(new Node(source, List.of(v)));
        }
      }
    }
    return out;
  }

  boolean present() {
    return !messages.isEmpty();
  }

  /** Whether a field with this name is present (scalar or message). */
  boolean has(String name) {
    return messages.stream().anyMatch(m -> m.field(name).isPresent());
  }

  /** The name of the last child message field among {@code variants} (a oneof), if any. */
  Optional<String> oneof(String... variants) {
    String found = null;
    for (TextProtoMessage m : messages) {
      for (TextProtoField f : m.fields()) {
        if (Arrays.asList(variants).contains(f.name())) {
          found = f.name();
        }
      }
    }
    return Optional.ofNullable(found);
  }

  /** The names of the fields of all occurrences, in order (with repeats). */
  List<String> fieldNames() {
    List<String> out = new ArrayList<>();
    for (TextProtoMessage m : messages) {
      for (TextProtoField f : m.fields()) {
        out.add(f.name());
      }
    }
    return out;
  }

  private Optional<TextProtoScalar> last(String name) {
    TextProtoScalar found = null;
    for (TextProtoMessage m : messages) {
      for (TextProtoField f : m.fields(name)) {
        List<TextProtoScalar> s = f.scalars();
        if (!s.isEmpty()) {
          found = s.get(s.size() - 1);
        }
      }
    }
    return Optional.ofNullable(found);
  }

  private List<TextProtoScalar> all(String name) {
    List<TextProtoScalar> out = new ArrayList<>();
    for (TextProtoMessage m : messages) {
      for (TextProtoField f : m.fields(name)) {
        out.addAll(f.scalars());
      }
    }
    return out;
  }

  double dbl(String name, double def) throws DatasetFormatException {
    Optional<TextProtoScalar> s = last(name);
    return s.isPresent() ? s.get().asDouble() : def;
  }

  OptionalDouble optDbl(String name) throws DatasetFormatException {
    Optional<TextProtoScalar> s = last(name);
    return s.isPresent() ? OptionalDouble.of(s.get().asDouble()) : OptionalDouble.empty();
  }

  int int32(String name, int def) throws DatasetFormatException {
    Optional<TextProtoScalar> s = last(name);
    return s.isPresent() ? s.get().asInt() : def;
  }

  long int64(String name, long def) throws DatasetFormatException {
    Optional<TextProtoScalar> s = last(name);
    return s.isPresent() ? s.get().asLong() : def;
  }

  boolean bool(String name, boolean def) throws DatasetFormatException {
    Optional<TextProtoScalar> s = last(name);
    return s.isPresent() ? s.get().asBoolean() : def;
  }

  String str(String name, String def) throws DatasetFormatException {
    Optional<TextProtoScalar> s = last(name);
    return s.isPresent() ? s.get().asString() : def;
  }

  /** An enum value written as an identifier (or its number, as protobuf also accepts). */
  <E extends Enum<E>> E enumOf(String name, Class<E> type, E def) throws DatasetFormatException {
    Optional<TextProtoScalar> s = last(name);
    if (s.isEmpty()) {
      return def;
    }
    E[] values = type.getEnumConstants();
    TextProtoScalar v = s.get();
    if (v.kind() == TextProtoScalar.Kind.NUMBER) {
      long n = v.asLong();
      if (n >= 0 && n < values.length) {
        return values[(int) n];
      }
    } else if (v.kind() == TextProtoScalar.Kind.IDENTIFIER) {
      for (E e : values) {
        if (e.name().equals(v.literal())) {
          return e;
        }
      }
    }
    throw new DatasetFormatException(
        source,
        v.line(),
        0,
        "unknown value "
            + v.literal()
            + " for field '"
            + name
            + "': expected one of "
            + Arrays.toString(values));
  }

  List<Double> doubles(String name) throws DatasetFormatException {
    List<Double> out = new ArrayList<>();
    for (TextProtoScalar s : all(name)) {
      out.add(s.asDouble());
    }
    return List.copyOf(out);
  }

  List<Integer> ints(String name) throws DatasetFormatException {
    List<Integer> out = new ArrayList<>();
    for (TextProtoScalar s : all(name)) {
      out.add(s.asInt());
    }
    return List.copyOf(out);
  }

  List<String> strings(String name) throws DatasetFormatException {
    List<String> out = new ArrayList<>();
    for (TextProtoScalar s : all(name)) {
      out.add(s.asString());
    }
    return List.copyOf(out);
  }
}
