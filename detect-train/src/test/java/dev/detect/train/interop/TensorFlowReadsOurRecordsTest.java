package dev.detect.train.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.io.tfrecord.TfRecordCompression;
import dev.detect.io.tfrecord.TfRecordWriteResult;
import dev.detect.io.tfrecord.TfRecordWriter;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.data.Iterator;
import org.tensorflow.op.image.DecodeImage;
import org.tensorflow.op.io.ParseSingleExample;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * Proof that TensorFlow accepts our files: its own native TFRecordDataset reads them (checking
 * every CRC) and ParseSingleExample parses the OD API keys back with the values we wrote.
 */
@Tag("slow")
class TensorFlowReadsOurRecordsTest {
  static final List<String> DENSE =
      List.of(
          "image/height",
          "image/width",
          "image/filename",
          "image/source_id",
          "image/key/sha256",
          "image/format",
          "image/encoded");
  static final List<Class<? extends TType>> DENSE_TYPES =
      List.of(
          TInt64.class,
          TInt64.class,
          TString.class,
          TString.class,
          TString.class,
          TString.class,
          TString.class);
  static final List<String> SPARSE =
      List.of(
          "image/object/bbox/xmin",
          "image/object/bbox/ymin",
          "image/object/bbox/xmax",
          "image/object/bbox/ymax",
          "image/object/class/text",
          "image/object/class/label",
          "image/object/difficult",
          "image/object/truncated",
          "image/object/view");
  static final List<Class<? extends TType>> SPARSE_TYPES =
      List.of(
          TFloat32.class,
          TFloat32.class,
          TFloat32.class,
          TFloat32.class,
          TString.class,
          TInt64.class,
          TInt64.class,
          TInt64.class,
          TString.class);

  @TempDir Path tmp;

  /** One record as TensorFlow parsed it. */
  record Parsed(Map<String, Object> dense, Map<String, List<Object>> sparse, long[] decodedShape) {}

  @Test
  void nativeReader_parsesPlainGzipAndShardedOutput() throws Exception {
    Path images = Files.createDirectories(tmp.resolve("images"));
    List<ImageAnnotation> list = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      BufferedImage img = new BufferedImage(40 + i, 30, BufferedImage.TYPE_INT_RGB);
      String name = "img" + i + (i == 1 ? ".png" : ".jpg");
      ImageIO.write(img, i == 1 ? "png" : "jpeg", images.resolve(name).toFile());
      ImageAnnotation.Builder b = ImageAnnotation.builder(name, 40 + i, 30);
      for (int k = 0; k < i % 3; k++) {
        b.addObject(
            new ObjectAnnotation(
                k == 0 ? "cat" : "dog",
                PixelBox.ofCorners(1 + k, 2, 20 + i, 25),
                k == 1,
                true,
                "Left"));
      }
      list.add(b.build());
    }
    AnnotationSet set = AnnotationSet.of(list);
    LabelMap labels = LabelMap.fromLabels(set.labels());
    for (TfRecordCompression c : TfRecordCompression.values()) {
      for (int shards : new int[] {1, 3}) {
        Path out = tmp.resolve(c + "-" + shards + "/train.record");
        TfRecordWriteResult r =
            TfRecordWriter.builder(labels)
                .imageDirectory(images)
                .shards(shards)
                .compression(c)
                .build()
                .write(set, out);
        List<Parsed> parsed = new ArrayList<>();
        for (Path f : r.files()) {
          parsed.addAll(readWithTensorFlow(f, c));
        }
        assertEquals(5, parsed.size());
        for (Parsed p : parsed) {
          ImageAnnotation expected = set.find((String) p.dense.get("image/filename")).orElseThrow();
          assertEquals((long) expected.height(), p.dense.get("image/height"));
          assertEquals((long) expected.width(), p.dense.get("image/width"));
          assertEquals(expected.fileName(), p.dense.get("image/source_id"));
          assertEquals(
              expected.fileName().endsWith(".png") ? "png" : "jpeg", p.dense.get("image/format"));
          assertArrayEquals(
              Files.readAllBytes(images.resolve(expected.fileName())),
              (byte[]) p.dense.get("image/encoded_bytes"));
          assertArrayEquals(new long[] {expected.height(), expected.width(), 3}, p.decodedShape);
          List<ObjectAnnotation> objs = expected.objects();
          assertEquals(objs.size(), p.sparse.get("image/object/bbox/xmin").size());
          for (int k = 0; k < objs.size(); k++) {
            PixelBox box = objs.get(k).box();
            assertEquals(
                (float) (box.xmin() / expected.width()),
                p.sparse.get("image/object/bbox/xmin").get(k));
            assertEquals(
                (float) (box.ymax() / expected.height()),
                p.sparse.get("image/object/bbox/ymax").get(k));
            assertEquals(objs.get(k).label(), p.sparse.get("image/object/class/text").get(k));
            assertEquals(
                (long) labels.idOf(objs.get(k).label()).getAsInt(),
                p.sparse.get("image/object/class/label").get(k));
            assertEquals(
                objs.get(k).difficult() ? 1L : 0L, p.sparse.get("image/object/difficult").get(k));
            assertEquals("Left", p.sparse.get("image/object/view").get(k));
          }
        }
      }
    }
  }

  static List<Parsed> readWithTensorFlow(Path file, TfRecordCompression compression) {
    List<Parsed> out = new ArrayList<>();
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      // The v1 TFRecordDataset op: TFRecordDatasetV2 is broken in graph mode in TF Java 1.1.0.
      Operation ds =
          g.opBuilder("TFRecordDataset", "records", tf.scope())
              .addInput(tf.constant(file.toString()).asOutput())
              .addInput(tf.constant(compression.tensorflowName()).asOutput())
              .addInput(tf.constant(256 * 1024L).asOutput())
              .build();
      Iterator it = tf.data.iterator("", "", List.of(TString.class), List.of(Shape.scalar()));
      Operation init = tf.data.makeIterator(ds.output(0), it).op();
      Operand<TString> serialized =
          (Operand<TString>)
              (Operand<?>)
                  tf.data
                      .iteratorGetNext(it, List.of(TString.class), List.of(Shape.scalar()))
                      .components()
                      .get(0);
      List<Operand<?>> defaults = new ArrayList<>();
      for (Class<? extends TType> t : DENSE_TYPES) {
        defaults.add(t == TInt64.class ? tf.constant(-1L) : tf.constant(""));
      }
      List<Shape> shapes = new ArrayList<>();
      DENSE.forEach(k -> shapes.add(Shape.scalar()));
      ParseSingleExample parse =
          ParseSingleExample.create(
              tf.scope(),
              serialized,
              defaults,
              (long) SPARSE.size(),
              SPARSE,
              DENSE,
              SPARSE_TYPES,
              shapes);
      DecodeImage<TUint8> decoded =
          tf.image.decodeImage(
              (Operand<TString>)
                  (Operand<?>) parse.denseValues().get(DENSE.indexOf("image/encoded")),
              TUint8.class,
              DecodeImage.channels(3L));
      Output<TInt64> decodedShape = tf.shape(decoded, TInt64.class).asOutput();
      s.runner().addTarget(init).run();
      while (true) {
        Session.Runner runner = s.runner();
        parse.denseValues().forEach(runner::fetch);
        parse.sparseValues().forEach(runner::fetch);
        runner.fetch(decodedShape);
        Result result;
        try {
          result = runner.run();
        } catch (TFOutOfRangeException end) {
          break;
        }
        try (result) {
          out.add(toParsed(result));
        }
      }
    }
    return out;
  }

  private static Parsed toParsed(Result r) {
    Map<String, Object> dense = new HashMap<>();
    for (int i = 0; i < DENSE.size(); i++) {
      Tensor t = r.get(i);
      if (t instanceof TInt64 l) {
        dense.put(DENSE.get(i), l.getLong());
      } else {
        TString str = (TString) t;
        dense.put(DENSE.get(i), DENSE.get(i).equals("image/encoded") ? "" : str.getObject());
        if (DENSE.get(i).equals("image/encoded")) {
          dense.put("image/encoded_bytes", str.asBytes().getObject());
        }
      }
    }
    Map<String, List<Object>> sparse = new HashMap<>();
    for (int i = 0; i < SPARSE.size(); i++) {
      Tensor t = r.get(DENSE.size() + i);
      List<Object> values = new ArrayList<>();
      long n = t.shape().size(0);
      for (long k = 0; k < n; k++) {
        if (t instanceof TFloat32 f) {
          values.add(f.getFloat(k));
        } else if (t instanceof TInt64 l) {
          values.add(l.getLong(k));
        } else {
          values.add(((TString) t).getObject(k));
        }
      }
      sparse.put(SPARSE.get(i), values);
    }
    TInt64 shape = (TInt64) r.get(DENSE.size() + SPARSE.size());
    long[] dims = {shape.getLong(0), shape.getLong(1), shape.getLong(2)};
    return new Parsed(dense, sparse, dims);
  }
}
