package dev.detect.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.detect.io.image.ImageFormat;
import dev.detect.io.tfrecord.TfRecordFileReader;
import dev.detect.io.tfrecord.TfRecordReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code detect inspect}: prints TFRecord contents and verifies every CRC. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Print the records of a TFRecord file (plain or GZIP; a shard base name or glob reads all"
          + " shards): feature keys, types and sizes, boxes and labels.",
      "Every record's CRCs are verified, also past --limit; a corrupt record is reported with its"
          + " file and byte offset (exit code 1)."
    })
final class InspectCommand implements Callable<Integer> {
  private static final int PREVIEW = 8;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-i", "--input"},
      required = true,
      paramLabel = "FILE",
      description = "A .record file, shard base name or glob.")
  Path input;

  @Option(
      names = "--limit",
      defaultValue = "5",
      paramLabel = "N",
      description = "Records to print (default: ${DEFAULT-VALUE}; -1 for all).")
  long limit;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (limit < -1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--limit must be >= 0, or -1 for all, got " + limit);
    }
    Console console = new Console(spec);
    List<Map<String, Object>> printed = new ArrayList<>();
    long total = 0;
    List<Path> files = TfRecordReader.expand(input);
    for (Path file : files) {
      try (TfRecordFileReader r = TfRecordFileReader.open(file)) {
        while (true) {
          long offset = r.offset();
          Optional<byte[]> rec = r.next();
          if (rec.isEmpty()) {
            break;
          }
          if (limit < 0 || total < limit) {
            Map<String, Object> m = describe(rec.get());
            m.put("file", file.toString());
            m.put("index", r.index() - 1);
            m.put("offset", offset);
            m.put("compression", r.compression().toString().toLowerCase(Locale.ROOT));
            printed.add(m);
          }
          total++;
        }
      }
    }
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("files", files.stream().map(Path::toString).toList());
      doc.put("records", total);
      doc.put("crc", "ok");
      doc.put("printed", printed);
      console.out(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
    } else {
      for (Map<String, Object> m : printed) {
        console.out(text(m));
      }
      console.out(total + " records in " + files.size() + " file(s), all CRCs valid");
    }
    return 0;
  }

  private static Map<String, Object> describe(byte[] record) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("bytes", record.length);
    Example ex;
    try {
      ex = Example.parseFrom(record);
    } catch (InvalidProtocolBufferException e) {
      m.put("type", "not a tf.train.Example (" + e.getMessage() + ")");
      return m;
    }
    m.put(
        "type",
        ex.getUnknownFields().hasField(2)
            ? "tf.train.SequenceExample (context shown)"
            : "tf.train.Example");
    Map<String, Object> features = new TreeMap<>();
    for (Map.Entry<String, Feature> e : ex.getFeatures().getFeatureMap().entrySet()) {
      features.put(e.getKey(), feature(e.getValue()));
    }
    m.put("features", features);
    return m;
  }

  private static Map<String, Object> feature(Feature f) {
    Map<String, Object> m = new LinkedHashMap<>();
    switch (f.getKindCase()) {
      case BYTES_LIST -> {
        m.put("type", "bytes");
        m.put("count", f.getBytesList().getValueCount());
        List<Object> preview = new ArrayList<>();
        for (ByteString b : f.getBytesList().getValueList()) {
          if (preview.size() == PREVIEW) {
            break;
          }
          preview.add(printable(b));
        }
        m.put("values", preview);
      }
      case FLOAT_LIST -> {
        m.put("type", "float");
        m.put("count", f.getFloatList().getValueCount());
        m.put("values", f.getFloatList().getValueList().stream().limit(PREVIEW).toList());
      }
      case INT64_LIST -> {
        m.put("type", "int64");
        m.put("count", f.getInt64List().getValueCount());
        m.put("values", f.getInt64List().getValueList().stream().limit(PREVIEW).toList());
      }
      default -> {
        m.put("type", "empty");
        m.put("count", 0);
      }
    }
    return m;
  }

  private static String printable(ByteString b) {
    byte[] head = b.substring(0, Math.min(b.size(), 16)).toByteArray();
    Optional<ImageFormat> image = ImageFormat.sniff(head, head.length);
    if (image.isPresent()) {
      return "<" + image.get().odApiName() + " image, " + b.size() + " bytes>";
    }
    String s = b.toStringUtf8();
    boolean text = b.isValidUtf8() && s.chars().noneMatch(c -> c < 0x20 && c != '\t');
    if (!text) {
      return "<" + b.size() + " bytes>";
    }
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }

  @SuppressWarnings("unchecked")
  private static String text(Map<String, Object> m) {
    StringBuilder sb = new StringBuilder();
    sb.append("record ")
        .append(m.get("index"))
        .append(" of ")
        .append(m.get("file"))
        .append(" (byte offset ")
        .append(m.get("offset"))
        .append(", ")
        .append(m.get("bytes"))
        .append(" bytes, ")
        .append(m.get("type"))
        .append(")\n");
    Object features = m.get("features");
    if (features instanceof Map<?, ?> fm) {
      for (Map.Entry<String, Map<String, Object>> e :
          ((Map<String, Map<String, Object>>) fm).entrySet()) {
        Map<String, Object> f = e.getValue();
        sb.append(
            String.format(
                Locale.ROOT,
                "  %-28s %-5s x%-4s %s%n",
                e.getKey(),
                f.get("type"),
                f.get("count"),
                f.getOrDefault("values", "")));
      }
    }
    return sb.toString().stripTrailing();
  }
}
