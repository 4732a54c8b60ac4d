package dev.detect.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Random typed edits re-parse to the edited values and leave every other line alone. */
class PipelineConfigPropertyTest {
  private static final List<String> ZOO =
      List.of(
          "ssd_mobilenet_v2_320x320_coco17_tpu-8.config",
          "ssd_mobilenet_v1_pets.config",
          "ssd_resnet50_v1_fpn_640x640_coco17_tpu-8.config",
          "ssd_efficientdet_d0_512x512_coco17_tpu-8.config",
          "faster_rcnn_resnet50_v1_640x640_coco17_tpu-8.config",
          "centernet_hourglass104_512x512_coco17_tpu-8.config");

  @Provide
  Arbitrary<String> paths() {
    return Arbitraries.strings().withChars("abcxyz019_-./?*'\" \\é").ofMinLength(1).ofMaxLength(30);
  }

  @Property(tries = 200)
  void typedEdits_reparseToEditedValues_otherLinesUnchanged(
      @ForAll("zooIndex") int zoo,
      @ForAll @IntRange(min = 1, max = 1000) int numClasses,
      @ForAll @IntRange(min = 1, max = 4096) int batchSize,
      @ForAll("paths") String labelMap,
      @ForAll("paths") String input)
      throws IOException {
    PipelineConfig c = ZooConfigs.read(ZOO.get(zoo));
    PipelineConfig edited =
        c.toBuilder()
            .numClasses(numClasses)
            .batchSize(batchSize)
            .labelMapPath(labelMap)
            .trainInputPaths(List.of(input))
            .build();
    PipelineConfig reparsed = PipelineConfig.parse(edited.print(), "x");
    assertEquals(numClasses, reparsed.numClasses());
    assertEquals(batchSize, reparsed.trainConfig().batchSize());
    assertEquals(labelMap, reparsed.trainInput().labelMapPath());
    assertEquals(labelMap, reparsed.evalInputs().get(0).labelMapPath());
    assertEquals(List.of(input), reparsed.trainInput().inputPaths());
    // num_classes, batch_size, two label maps, one input path
    List<Integer> changed = ZooConfigs.changedLines(c.print(), edited.print());
    for (int line : changed) {
      String text = ZooConfigs.line(edited.print(), line);
      assertEquals(
          true,
          text.startsWith("num_classes:")
              || text.startsWith("batch_size:")
              || text.startsWith("label_map_path:")
              || text.startsWith("input_path:"),
          text);
    }
  }

  @Provide
  Arbitrary<Integer> zooIndex() {
    return Arbitraries.integers().between(0, ZOO.size() - 1);
  }
}
