package dev.detect.train.ssd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.config.PipelineConfig;
import dev.detect.train.FineTuneReport;
import dev.detect.train.checkpoint.CheckpointIndex;
import dev.detect.train.testkit.StandInCheckpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/**
 * Fine-tuning from the TF1 model zoo, proven against the real {@code model.ckpt.index} files in
 * {@code shared/data/models}: a stand-in checkpoint with exactly the real index's names, dtypes and
 * shapes (the real data shards are not available here) is restored into the network built from the
 * zoo tarball's own {@code pipeline.config}, and every variable must hold the checkpoint's value.
 */
@Tag("slow")
class ZooFineTuneTest {
  static final Path MODELS =
      Path.of(System.getProperty("detect.shared.data", "../shared/data"), "models");

  /**
   * The zoo folder and how many classes its config has (the v2 tarball config was edited by its
   * user to 1 class, so its class head cannot be restored; the v1 one keeps COCO's 90).
   */
  @ParameterizedTest
  @CsvSource({
    "tf1_zoo_ssd_mobilenet_v2_coco_2018_03_29, 1",
    "tf1_zoo_ssd_mobilenet_v1_coco_2018_01_28, 90"
  })
  void detection_restoresEveryVariableOfTheRealIndex_withItsValue(
      String zoo, int numClasses, @TempDir Path dir) throws Exception {
    Path real = MODELS.resolve(zoo).resolve("model.ckpt");
    PipelineConfig config = PipelineConfig.read(MODELS.resolve(zoo).resolve("pipeline.config"));
    assertEquals(numClasses, config.numClasses());
    Path standIn = dir.resolve("model.ckpt");
    Map<String, float[]> values = StandInCheckpoint.write(real, standIn, 7);
    Map<String, CheckpointIndex.Entry> index = CheckpointIndex.read(real).entries();

    SsdSpec spec = SsdSpecs.from(config);
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      SsdTrainingGraph model = new SsdTrainingGraph(g, spec, SsdSpecs.optimizer(config), 1, 3);
      s.initialize();
      FineTuneReport report = FineTune.restore(model, s, standIn, FineTuneReport.Type.DETECTION);

      List<String> classHead =
          index.keySet().stream()
              .filter(n -> n.contains("/ClassPredictor/"))
              .collect(Collectors.toList());
      List<String> expectedRestored = new ArrayList<>(model.modelVariables);
      if (numClasses != 90) {
        expectedRestored.removeAll(classHead);
        assertEquals(classHead, report.unused(), "only the class head is left in the checkpoint");
        assertEquals(
            classHead.stream().sorted().toList(),
            report.shapeMismatch().stream().map(m -> m.split(" ")[0]).sorted().toList());
      } else {
        assertEquals(List.of(), report.unused());
        assertEquals(List.of(), report.shapeMismatch());
      }
      assertEquals(List.of(), report.missing(), report.summary());
      assertEquals(expectedRestored, report.restored(), report.summary());
      assertEquals(model.modelVariables.size(), report.candidates());
      // every model variable of the real checkpoint is one of ours
      List<String> realModelVariables =
          index.keySet().stream().filter(n -> !n.equals("global_step")).toList();
      assertTrue(model.modelVariables.containsAll(realModelVariables), report.summary());
      assertTrue(
          report.summary().startsWith("restored " + expectedRestored.size() + " of "),
          report.summary());

      for (String name : report.restored()) {
        try (Result r = s.runner().fetch(name).run()) {
          TFloat32 t = (TFloat32) r.get(0);
          float[] got = new float[(int) t.shape().size()];
          t.asRawTensor().data().asFloats().read(got);
          assertArrayEquals(values.get(name), got, name);
        }
      }
    }
  }
}
