package dev.detect.train.ssd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.config.PipelineConfig;
import dev.detect.train.checkpoint.CheckpointIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The TF2 zoo's SSD MobileNetV2 FPN-Lite, built from its real {@code pipeline.config}: the spec it
 * resolves to, its anchors as the OD API defines them, and its variables mapped onto every model
 * variable of the real {@code checkpoint/ckpt-0.index} with equal shapes.
 */
class FpnLiteTest {
  static final Path DATA = Path.of(System.getProperty("detect.shared.data", "../shared/data"));
  static final Path ZOO =
      DATA.resolve("models/tf2_zoo_ssd_mobilenet_v2_fpnlite_320x320_coco17_tpu-8");
  static final Path CKPT = ZOO.resolve("checkpoint/ckpt-0");

  static PipelineConfig zooConfig() throws IOException {
    return PipelineConfig.read(ZOO.resolve("pipeline.config"));
  }

  @Test
  void zooConfig_resolvesToFpnLiteAsWritten() throws IOException {
    SsdSpec spec = SsdSpecs.from(zooConfig());
    assertEquals(SsdSpec.Backbone.MOBILENET_V2_FPN, spec.backbone());
    assertEquals(90, spec.numClasses());
    assertEquals(320, spec.inputHeight());
    SsdSpec.Fpn fpn = spec.fpn();
    assertEquals(3, fpn.minLevel());
    assertEquals(7, fpn.maxLevel());
    assertEquals(128, fpn.layerDepth());
    assertEquals(128, fpn.towerDepth());
    assertEquals(4, fpn.towerLayers());
    assertTrue(fpn.shareTower() && fpn.towerBatchNorm());
    assertTrue(spec.extraLayersDepthwise() && spec.predictorDepthwise());
    assertEquals(3, spec.predictorKernelSize());
    assertEquals(-4.6, spec.classPredictionBiasInit(), 1e-6);
    assertEquals(0.997, spec.batchNormDecay(), 1e-6);
    assertEquals(0.01, spec.predictorInitStddev(), 1e-9);
    assertEquals(
        new MultiscaleAnchorGenerator.Settings(3, 7, 4.0, List.of(1.0, 2.0, 0.5), 2),
        fpn.anchors());
    SsdSpec.LossSpec loss = spec.loss();
    assertEquals(SsdSpec.ClassificationLoss.WEIGHTED_SIGMOID_FOCAL, loss.classification());
    assertEquals(2.0, loss.focalGamma(), 1e-9);
    assertEquals(0.25, loss.focalAlpha(), 1e-6);
    assertTrue(loss.normalizeLocByCodeSize() && loss.encodeBackgroundAsZeros());
  }

  @Test
  void inputNotAMultipleOf32_isRefusedWithTheReason() throws IOException {
    PipelineConfig config = zooConfig().toBuilder().imageSize(300, 300).build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SsdSpecs.from(config));
    assertTrue(e.getMessage().contains("multiple of 32"), e.getMessage());
    assertTrue(e.getMessage().contains("288 or 320 by 288 or 320"), e.getMessage());
  }

  /**
   * The OD API's multiscale grid anchors at 320×320 (numbers derived from {@code
   * multiscale_grid_anchor_generator.py} and {@code grid_anchor_generator.tile_anchors}): levels 3
   * to 7 have 40², 20², 10², 5² and 3² cells, 6 anchors each (3 ratios × 2 octave scales, ratio
   * major); level l's base size is 4·2^l pixels, its centres (i·2^l + 2^l/2) pixels, except level 7
   * whose stride 128 does not divide 320, so its centres start at 0.
   */
  @Test
  void anchors_matchTheOdApiDefinition() {
    MultiscaleAnchorGenerator g =
        new MultiscaleAnchorGenerator(MultiscaleAnchorGenerator.Settings.zoo());
    List<int[]> sizes =
        List.of(
            new int[] {40, 40},
            new int[] {20, 20},
            new int[] {10, 10},
            new int[] {5, 5},
            new int[] {3, 3});
    float[][] a = g.generate(sizes, 320, 320);
    assertEquals((1600 + 400 + 100 + 25 + 9) * 6, a.length);
    assertEquals(12_804, a.length);
    // level 3, cell (0, 0): ratio 1 scale 1 then scale 2^0.5, then ratio 2 ...
    assertAnchor(a[0], 4, 4, 32, 32);
    assertAnchor(a[1], 4, 4, 32 * Math.sqrt(2), 32 * Math.sqrt(2));
    assertAnchor(a[2], 4, 4, 32 / Math.sqrt(2), 32 * Math.sqrt(2));
    assertAnchor(a[4], 4, 4, 32 * Math.sqrt(2), 32 / Math.sqrt(2));
    // level 3, cell (row 0, column 1)
    assertAnchor(a[6], 4, 12, 32, 32);
    // level 4's first anchor follows level 3's 9600
    assertAnchor(a[9600], 8, 8, 64, 64);
    // level 7: stride 128 does not divide 320, so no half-stride offset
    int level7 = (1600 + 400 + 100 + 25) * 6;
    assertAnchor(a[level7], 0, 0, 512, 512);
    assertAnchor(a[a.length - 6], 256, 256, 512, 512);
    // at 640 it does: offset 64
    float[][] b =
        g.generate(
            List.of(
                new int[] {80, 80},
                new int[] {40, 40},
                new int[] {20, 20},
                new int[] {10, 10},
                new int[] {5, 5}),
            640,
            640);
    assertAnchor(b[(6400 + 1600 + 400 + 100) * 6], 64, 64, 512, 512, 640);
  }

  private static void assertAnchor(float[] a, double cy, double cx, double h, double w) {
    assertAnchor(a, cy, cx, h, w, 320);
  }

  private static void assertAnchor(float[] a, double cy, double cx, double h, double w, int size) {
    float[] expected = {
      (float) (cy / size), (float) (cx / size), (float) (h / size), (float) (w / size)
    };
    for (int i = 0; i < 4; i++) {
      assertEquals(
          expected[i], a[i], 1e-6, Arrays.toString(a) + " vs " + Arrays.toString(expected));
    }
  }

  /**
   * Every model variable of the real {@code ckpt-0.index} (all but {@code save_counter} and the
   * object graph; it has no optimizer slots) is the TF2 key of exactly one of our variables, with
   * the same shape, and every one of ours has a key.
   */
  @Tag("slow")
  @Test
  void zooGraph_mapsOntoEveryVariableOfTheRealCkpt0() throws IOException {
    Map<String, List<Long>> real = realModelVariables();
    assertEquals(384, real.size());
    Map<String, List<Long>> mapped = mapped(SsdSpecs.from(zooConfig()));
    assertEquals(384, mapped.size(), "one key per variable of ours, no two alike");
    List<String> shape = new ArrayList<>();
    for (var e : real.entrySet()) {
      List<Long> ours = mapped.get(e.getKey());
      if (ours != null && !ours.equals(e.getValue())) {
        shape.add(e.getKey() + " ours " + ours + " real " + e.getValue());
      }
    }
    TreeSet<String> missing = new TreeSet<>(real.keySet());
    missing.removeAll(mapped.keySet());
    TreeSet<String> extra = new TreeSet<>(mapped.keySet());
    extra.removeAll(real.keySet());
    System.out.printf(
        "FPN-Lite: %d of %d ckpt-0 model variables mapped with equal shapes%n",
        real.size() - missing.size() - shape.size(), real.size());
    assertTrue(
        missing.isEmpty() && extra.isEmpty() && shape.isEmpty(),
        "missing " + missing + "\nextra " + extra + "\nother shape " + shape);
  }

  @Tag("slow")
  @Test
  void threeClasses_onlyTheClassHeadPointwiseKernelAndBiasDiffer() throws IOException {
    Map<String, List<Long>> real = realModelVariables();
    Map<String, List<Long>> mapped =
        mapped(SsdSpecs.from(zooConfig().toBuilder().numClasses(3).build()));
    assertEquals(real.keySet(), mapped.keySet());
    List<String> differ = new ArrayList<>();
    for (String k : real.keySet()) {
      if (!real.get(k).equals(mapped.get(k))) {
        differ.add(k);
      }
    }
    String head =
        "model/_box_predictor/_prediction_heads/class_predictions_with_background/"
            + "_class_predictor_layers/0/";
    assertEquals(
        List.of(
            head + "bias" + Tf2CheckpointKeys.SUFFIX,
            head + "pointwise_kernel" + Tf2CheckpointKeys.SUFFIX),
        differ);
    // 6 anchors x (3 classes + background)
    assertEquals(
        List.of(1L, 1L, 128L, 24L),
        mapped.get(head + "pointwise_kernel" + Tf2CheckpointKeys.SUFFIX));
  }

  /** The real index's model variables: key → shape. */
  static Map<String, List<Long>> realModelVariables() throws IOException {
    Map<String, List<Long>> out = new LinkedHashMap<>();
    for (CheckpointIndex.Entry e : CheckpointIndex.read(CKPT).entries().values()) {
      if (Tf2CheckpointKeys.isModelVariable(e.name())) {
        out.put(e.name(), Arrays.stream(e.shape()).boxed().toList());
      }
    }
    return out;
  }

  /** Our variables of {@code spec} under their TF2 keys: key → shape. */
  static Map<String, List<Long>> mapped(SsdSpec spec) {
    Map<String, List<Long>> ours = ZooCheckpointNamesTest.variablesOf(spec);
    Map<String, String> table = Tf2CheckpointKeys.table(List.copyOf(ours.keySet()), spec);
    assertEquals(ours.keySet(), table.keySet(), "every variable of ours has a TF2 key");
    Map<String, List<Long>> out = new LinkedHashMap<>();
    table.forEach((name, key) -> out.put(key, ours.get(name)));
    return out;
  }
}
