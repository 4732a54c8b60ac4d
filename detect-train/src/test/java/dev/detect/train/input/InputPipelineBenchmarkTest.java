package dev.detect.train.input;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.io.tfrecord.TfRecordWriter;
import dev.detect.train.input.augment.Augmentation;
import dev.detect.train.input.augment.RandomDistortColor;
import dev.detect.train.input.augment.RandomHorizontalFlip;
import dev.detect.train.input.augment.SsdRandomCrop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throughput of the input pipeline on real 640x480 JPEGs (BCCD), printed, not asserted: the
 * pipeline must hide behind a ~100 ms training step at batch 8, 320x320.
 */
@Tag("slow")
class InputPipelineBenchmarkTest {
  static final List<Augmentation> AUGS =
      List.of(RandomHorizontalFlip.defaults(), SsdRandomCrop.defaults());

  @TempDir Path dir;

  static List<Path> bccdImages(int n) throws IOException {
    Path data = Path.of(System.getProperty("detect.shared.data", "../shared/data"));
    try (Stream<Path> s = Files.list(data.resolve("bccd/images"))) {
      return s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(n).toList();
    }
  }

  @Test
  void perImage_decodeAugmentResize() throws Exception {
    List<byte[]> jpegs = new ArrayList<>();
    for (Path p : bccdImages(32)) {
      jpegs.add(Files.readAllBytes(p));
    }
    SplittableRandom rng = new SplittableRandom(1);
    Augmentation distort = new RandomDistortColor(0);
    long[] t = new long[4];
    int n = 0;
    for (int round = 0; round < 6; round++) {
      boolean measure = round >= 2;
      for (byte[] jpeg : jpegs) {
        long t0 = System.nanoTime();
        ImageBoxes x = ImageDecoder.decode(jpeg, "bccd");
        x = x.withObjects(new float[][] {{0.3f, 0.3f, 0.6f, 0.6f}}, new int[] {1}, new float[] {1});
        long t1 = System.nanoTime();
        for (Augmentation a : AUGS) {
          x = a.apply(x, rng);
        }
        long t2 = System.nanoTime();
        x = Resize.bilinear(x, 320, 320);
        long t3 = System.nanoTime();
        distort.apply(x, rng);
        long t4 = System.nanoTime();
        if (measure) {
          t[0] += t1 - t0;
          t[1] += t2 - t1;
          t[2] += t3 - t2;
          t[3] += t4 - t3;
          n++;
        }
      }
    }
    System.out.printf(
        "input per image (640x480 JPEG, 1 thread): decode %.2f ms, flip+ssd_random_crop %.2f ms,"
            + " resize to 320x320 %.2f ms, total %.2f ms; random_distort_color at 320x320 %.2f"
            + " ms%n",
        t[0] / 1e6 / n,
        t[1] / 1e6 / n,
        t[2] / 1e6 / n,
        (t[0] + t[1] + t[2]) / 1e6 / n,
        t[3] / 1e6 / n);
    assertTrue(n > 0);
  }

  @Test
  void pipeline_batchesPerSecond() throws Exception {
    List<Path> images = bccdImages(48);
    List<ImageAnnotation> list = new ArrayList<>();
    for (Path p : images) {
      list.add(
          ImageAnnotation.builder(p.getFileName().toString(), 640, 480)
              .addObject(ObjectAnnotation.of("cell", PixelBox.ofCorners(200, 150, 400, 330)))
              .build());
    }
    LabelMap labels = LabelMap.ofNames(List.of("cell"));
    Path rec = dir.resolve("bccd.record");
    TfRecordWriter.builder(rec, labels)
        .imageDirectory(images.get(0).getParent())
        .build()
        .write(AnnotationSet.of(list));
    for (int threads : new int[] {1, 2}) {
      try (InputPipeline in =
          InputPipeline.builder(List.of(rec))
              .labelMap(labels)
              .batchSize(8)
              .imageSize(320, 320)
              .augmentations(AUGS)
              .threads(threads)
              .seed(1)
              .build()) {
        for (int i = 0; i < 10; i++) {
          in.next().orElseThrow();
        }
        int batches = 40;
        long t0 = System.nanoTime();
        for (int i = 0; i < batches; i++) {
          in.next().orElseThrow();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
            "input pipeline, batch 8 at 320x320, flip + ssd_random_crop, %d thread(s): %.1f"
                + " batches/s (%.1f images/s, %.1f ms per batch)%n",
            threads, batches / s, batches * 8 / s, s * 1000 / batches);
      }
    }
  }
}
