package dev.detect.train.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.config.PipelineConfig;
import dev.detect.core.config.Preset;
import dev.detect.core.eval.Detection;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.core.labelmap.LabelMapFormat;
import dev.detect.io.synthetic.SyntheticShapes;
import dev.detect.io.tfrecord.TfRecordWriter;
import dev.detect.train.Trainer;
import dev.detect.train.export.Exporter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 2 000 {@code detect} calls from two threads, cycling through images of different sizes, types and
 * sources, each give exactly the detections of the first call on that image (no stale or shared
 * input/output buffers).
 */
@Tag("slow")
class DetectorRepeatedCallsTest {
  private static final int CALLS = 2000;

  @TempDir Path dir;

  @Test
  void detect_givesIdenticalResultsOverThousandsOfMixedCalls() throws Exception {
    Path export = tinyExport();
    SyntheticShapes gen = SyntheticShapes.builder().images(4).imageSize(320, 240).seed(9).build();
    BufferedImage bgr = convert(gen.sample(0).image(), BufferedImage.TYPE_3BYTE_BGR, 320, 240);
    BufferedImage argb = convert(gen.sample(1).image(), BufferedImage.TYPE_INT_ARGB, 256, 200);
    BufferedImage gray = convert(gen.sample(2).image(), BufferedImage.TYPE_BYTE_GRAY, 200, 150);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(convert(gen.sample(3).image(), BufferedImage.TYPE_INT_RGB, 160, 120), "png", png);
    byte[] encoded = png.toByteArray();
    DetectorOptions all = DetectorOptions.builder().minScore(0f).maxResults(100).build();
    try (Detector d = Detector.load(export, all)) {
      List<Callable<List<Detection>>> inputs =
          List.of(
              () -> d.detect(bgr),
              () -> d.detect(argb),
              () -> d.detect(gray),
              () -> d.detect(encoded));
      List<List<Detection>> expected = new ArrayList<>();
      for (Callable<List<Detection>> in : inputs) {
        expected.add(in.call());
        assertFalse(expected.get(expected.size() - 1).isEmpty());
      }
      // The comparison means something only if the model's output depends on its input.
      assertEquals(inputs.size(), Set.copyOf(expected).size(), "the model ignores its input");
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<Integer>> done = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
          int offset = t;
          done.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < CALLS / 2; i++) {
                      int k = (i + offset) % inputs.size();
                      assertEquals(
                          expected.get(k), inputs.get(k).call(), "call " + i + " image " + k);
                    }
                    return CALLS / 2;
                  }));
        }
        int calls = 0;
        for (Future<Integer> f : done) {
          calls += f.get();
        }
        assertEquals(CALLS, calls);
      } finally {
        pool.shutdown();
      }
    }
  }

  /** The tiny preset trained 20 steps (enough for outputs that depend on the image), exported. */
  private Path tinyExport() throws Exception {
    AnnotationSet set =
        SyntheticShapes.builder()
            .images(8)
            .imageSize(160, 120)
            .seed(2)
            .build()
            .write(dir.resolve("shapes"));
    LabelMap labels = LabelMap.ofNames(SyntheticShapes.CLASSES);
    LabelMapFormat.write(labels, dir.resolve("label_map.pbtxt"));
    TfRecordWriter.builder(dir.resolve("train.record"), labels)
        .imageDirectory(dir.resolve("shapes/images"))
        .build()
        .write(set);
    PipelineConfig config =
        PipelineConfig.preset(Preset.TINY).toBuilder()
            .numClasses(3)
            .labelMapPath(dir.resolve("label_map.pbtxt").toString())
            .trainInputPaths(List.of(dir.resolve("train.record").toString()))
            .evalInputPaths(List.of(dir.resolve("train.record").toString()))
            .batchSize(4)
            .numSteps(20)
            .build();
    try (Trainer t = Trainer.builder(config).modelDir(dir.resolve("model")).build()) {
      t.train();
    }
    return Exporter.builder(config)
        .checkpoint(dir.resolve("model"))
        .outputDirectory(dir.resolve("exported"))
        .build()
        .export();
  }

  private static BufferedImage convert(BufferedImage src, int type, int w, int h) {
    BufferedImage out = new BufferedImage(w, h, type);
    out.getGraphics().drawImage(src, 0, 0, w, h, null);
    return out;
  }
}
