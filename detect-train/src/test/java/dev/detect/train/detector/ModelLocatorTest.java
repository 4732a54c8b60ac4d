package dev.detect.train.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layouts the OD API writes, rebuilt in a temporary folder with links to the real files in
 * {@code ../shared/data/models} (resolving reads no TensorFlow), and the label map found beside
 * each.
 */
class ModelLocatorTest {
  static final Path MODELS = DetectorFrozenGraphTest.MODELS;
  static final Path VOC_GRAPH =
      DetectorFrozenGraphTest.VOC.resolve("frozen_inference_graph.pb").toAbsolutePath();
  static final Path ZOO_V1 =
      MODELS.resolve("tf1_zoo_ssd_mobilenet_v1_coco_2018_01_28").toAbsolutePath();
  @TempDir Path dir;

  private Path link(String name, Path target) throws Exception {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    return Files.createSymbolicLink(p, target);
  }

  private Path touch(String name) throws Exception {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    return Files.write(p, new byte[] {1});
  }

  private static ModelSource saved(Path file) {
    return new ModelSource(file, ModelSource.Kind.SAVED_MODEL);
  }

  private static ModelSource frozen(Path file) {
    return new ModelSource(file, ModelSource.Kind.FROZEN_GRAPH);
  }

  @Test
  void tf1ZooTarball_prefersTheSavedModel_andFindsTheLabelMapOfItsConfig() throws Exception {
    link("frozen_inference_graph.pb", VOC_GRAPH);
    Path savedModel = touch("saved_model/saved_model.pb");
    link("model.ckpt.index", ZOO_V1.resolve("model.ckpt.index"));
    link("model.ckpt.meta", ZOO_V1.resolve("model.ckpt.meta"));
    link("checkpoint", ZOO_V1.resolve("checkpoint"));
    link("pipeline.config", ZOO_V1.resolve("pipeline.config"));
    ModelSource found = ModelLocator.locate(dir);
    assertEquals(saved(savedModel), found);
    // Its label_map_path is "PATH_TO_BE_CONFIGURED/mscoco_label_map.pbtxt": found by file name.
    Path labels = link("mscoco.pbtxt", ZOO_V1.resolve("mscoco_label_map.pbtxt"));
    assertEquals(Optional.empty(), LabelMapLocator.find(ModelLocator.labelMapFolders(found)));
    Files.move(labels, dir.resolve("mscoco_label_map_v2.pbtxt"));
    assertEquals(
        Optional.of(dir.resolve("mscoco_label_map_v2.pbtxt")),
        LabelMapLocator.find(List.of(dir)),
        "*label_map*.pbtxt beside the model");
  }

  @Test
  void pipelineConfigsLabelMapPath_isFollowed_whenTheFileExists() throws Exception {
    Path elsewhere = Files.createDirectories(dir.resolve("data")).resolve("classes.pbtxt");
    Files.writeString(elsewhere, "item { id: 1 name: 'cube' }\n");
    Path model = Files.createDirectories(dir.resolve("model"));
    Files.writeString(
        model.resolve("pipeline.config"),
        "train_input_reader {\n  label_map_path: \"" + elsewhere + "\"\n}\n");
    assertEquals(Optional.of(elsewhere), LabelMapLocator.find(List.of(model)));
    Files.writeString(
        model.resolve("pipeline.config"),
        "train_input_reader {\n  label_map_path: \"" + dir.resolve("gone.pbtxt") + "\"\n}\n");
    assertEquals(Optional.empty(), LabelMapLocator.find(List.of(model)));
  }

  @Test
  void labelMapPbtxt_winsOverOtherLabelMaps() throws Exception {
    touch("pascal_label_map.pbtxt");
    touch("label_map.pbtxt");
    assertEquals(Optional.of(dir.resolve("label_map.pbtxt")), LabelMapLocator.find(List.of(dir)));
  }

  @Test
  void exporterMainV2Layout_isTheSavedModel_andTheLabelMapIsSearchedAboveIt() throws Exception {
    Path savedModel = touch("saved_model/saved_model.pb");
    touch("saved_model/variables/variables.index");
    touch("checkpoint/ckpt-0.index");
    touch("pipeline.config");
    touch("label_map.pbtxt");
    assertEquals(saved(savedModel), ModelLocator.locate(dir));
    ModelSource direct = ModelLocator.locate(dir.resolve("saved_model"));
    assertEquals(saved(savedModel), direct);
    assertEquals(saved(savedModel), ModelLocator.locate(savedModel), "saved_model.pb given");
    assertEquals(List.of(dir.resolve("saved_model"), dir), ModelLocator.labelMapFolders(direct));
  }

  @Test
  void tf1ExportWithFrozenGraphOnly_andAnyNamedSingleGraph_areFrozenGraphs() throws Exception {
    Path graph = link("export/frozen_inference_graph.pb", VOC_GRAPH);
    touch("export/model.ckpt.index");
    assertEquals(frozen(graph), ModelLocator.locate(dir.resolve("export")));
    Path other = link("aiy/detector_256.pb", DetectorFrozenGraphTest.AIY_GRAPH.toAbsolutePath());
    touch("aiy/labels.txt");
    assertEquals(frozen(other), ModelLocator.locate(dir.resolve("aiy")));
    assertEquals(frozen(other), ModelLocator.locate(other), "a .pb given");
    assertEquals(List.of(dir.resolve("aiy")), ModelLocator.labelMapFolders(frozen(other)));
  }

  @Test
  void severalGraphsWithoutAStandardName_areAnErrorListingThem() throws Exception {
    link("m/a.pb", VOC_GRAPH);
    link("m/b.pb", VOC_GRAPH);
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> ModelLocator.locate(dir.resolve("m")));
    assertTrue(e.getMessage().contains("a.pb, b.pb"), e.getMessage());
    assertTrue(e.getMessage().contains(dir.resolve("m").toString()), e.getMessage());
  }

  @Test
  void missingPathAndFolderWithoutModel_areNoSuchFile() throws Exception {
    assertThrows(NoSuchFileException.class, () -> ModelLocator.locate(dir.resolve("nope")));
    touch("empty/readme.txt");
    NoSuchFileException e =
        assertThrows(NoSuchFileException.class, () -> ModelLocator.locate(dir.resolve("empty")));
    assertTrue(e.getMessage().contains("frozen_inference_graph.pb"), e.getMessage());
  }
}
