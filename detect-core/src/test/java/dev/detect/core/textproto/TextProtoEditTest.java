package dev.detect.core.textproto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Edits change only what they touch; path access. */
class TextProtoEditTest {
  static Stream<Path> zooConfigs() throws IOException {
    try (Stream<Path> s = Files.list(TextProtoRoundTripTest.DATA.resolve("pipeline_configs"))) {
      return s.filter(p -> p.toString().endsWith(".config")).sorted().toList().stream();
    }
  }

  private static TextProtoDocument parse(String text) throws DatasetFormatException {
    return TextProtoDocument.parse(text, "t.config");
  }

  /** Indices of lines that differ; the texts must have the same number of lines. */
  private static List<Integer> changedLines(String before, String after) {
    String[] a = before.split("\n", -1);
    String[] b = after.split("\n", -1);
    assertEquals(a.length, b.length, "line count changed");
    List<Integer> changed = new ArrayList<>();
    for (int i = 0; i < a.length; i++) {
      if (!a[i].equals(b[i])) {
        changed.add(i);
      }
    }
    return changed;
  }

  @ParameterizedTest
  @MethodSource("zooConfigs")
  void set_numClassesOnZooConfig_changesExactlyThatLine(Path file) throws IOException {
    String original = Files.readString(file);
    TextProtoDocument doc = TextProtoDocument.read(file);
    String arch = doc.root().message("model").get().fields().get(0).name();
    String path = "model." + arch + ".num_classes";
    assertTrue(doc.get(path).isPresent(), path);
    doc.set(path, "3");
    String printed = doc.print();
    List<Integer> changed = changedLines(original, printed);
    assertEquals(1, changed.size(), "changed lines " + changed);
    String line = printed.split("\n", -1)[changed.get(0)];
    assertEquals("num_classes: 3", line.strip());
    assertEquals(Optional.of("3"), TextProtoDocument.parse(printed, "x").get(path));
  }

  @Test
  void get_readsNestedScalarsAndIndexedOccurrences() throws Exception {
    TextProtoDocument doc =
        TextProtoDocument.read(
            TextProtoRoundTripTest.DATA.resolve(
                "pipeline_configs/ssd_mobilenet_v2_320x320_coco17_tpu-8.config"));
    assertEquals(Optional.of("90"), doc.get("model.ssd.num_classes"));
    assertEquals(
        Optional.of("PATH_TO_BE_CONFIGURED/label_map.txt"),
        doc.get("eval_input_reader[0].label_map_path"));
    assertEquals(
        Optional.of("RELU_6"), doc.get("model.ssd.feature_extractor.conv_hyperparams.activation"));
    assertEquals(Optional.empty(), doc.get("model.ssd.no_such_field"));
    assertEquals(Optional.empty(), doc.get("eval_input_reader[5].label_map_path"));
    assertEquals(
        Optional.of(".8"),
        doc.get(
            "train_config.optimizer.momentum_optimizer.learning_rate.cosine_decay_learning_rate.learning_rate_base"));
    TextProtoMessage train = doc.root().message("train_config").get();
    assertEquals(2, train.fields("data_augmentation_options").size());
    assertTrue(
        train
            .fields("data_augmentation_options")
            .get(1)
            .message()
            .message("ssd_random_crop")
            .isPresent());
    assertThrows(IllegalArgumentException.class, () -> doc.get("model.ssd"));
    assertThrows(IllegalArgumentException.class, () -> doc.get("model..ssd"));
    assertThrows(IllegalArgumentException.class, () -> doc.get("model[x]"));
  }

  @Test
  void getAll_listsRepeatedFieldsAndListElements() throws Exception {
    TextProtoDocument doc =
        parse(
            "a { r: 1 r: 2 }\na { r: [3, 4] }\nopts { crop { p: 1 } }\nopts { flip { } }\n"
                + "opts { crop { p: 2 } }\n");
    assertEquals(List.of("1", "2", "3", "4"), doc.getAll("a.r"));
    assertEquals(List.of("3", "4"), doc.getAll("a[1].r"));
    assertEquals(Optional.of("4"), doc.get("a[1].r[1]"));
    assertEquals(List.of("1", "2"), doc.getAll("opts.crop.p"));
    assertEquals(List.of(), doc.getAll("opts[1].crop.p"));
    assertEquals(Optional.of("2"), doc.get("opts[2].crop.p"));
  }

  @Test
  void set_infersLiteralForm() throws Exception {
    TextProtoDocument doc = parse("s: 'a'\nd: \"b\"\nn: 1\ne: RELU\nb: true\n");
    doc.set("s", "it's");
    doc.set("d", "x\"y");
    doc.set("n", "-2.5e-3");
    doc.set("e", "RELU_6");
    doc.set("b", "false");
    assertEquals("s: 'it\\'s'\nd: \"x\\\"y\"\nn: -2.5e-3\ne: RELU_6\nb: false\n", doc.print());
    doc.set("s", "\"forced\"");
    assertEquals(Optional.of("forced"), doc.get("s"));
    assertThrows(IllegalArgumentException.class, () -> doc.set("n", "abc"));
    assertThrows(IllegalArgumentException.class, () -> doc.set("e", "a b"));
    doc.set("n", "inf");
    assertEquals(Optional.of("inf"), doc.get("n"));
  }

  @Test
  void set_createsMissingFieldsAndMessagesAsLastChildren() throws Exception {
    TextProtoDocument doc = parse("model {\n  ssd {\n    num_classes: 90\n  }\n}\n# tail\n");
    doc.set("model.ssd.image_resizer.fixed_shape_resizer.height", "320");
    doc.set("train_config.fine_tune_checkpoint", "/tmp/ckpt-0");
    doc.set("train_config.fine_tune_checkpoint_type", "\"detection\"");
    doc.set("model.ssd.num_classes", "2");
    assertEquals(
        "model {\n"
            + "  ssd {\n"
            + "    num_classes: 2\n"
            + "    image_resizer {\n"
            + "      fixed_shape_resizer {\n"
            + "        height: 320\n"
            + "      }\n"
            + "    }\n"
            + "  }\n"
            + "}\n"
            + "train_config {\n"
            + "  fine_tune_checkpoint: \"/tmp/ckpt-0\"\n"
            + "  fine_tune_checkpoint_type: \"detection\"\n"
            + "}\n"
            + "# tail\n",
        doc.print());
  }

  @Test
  void set_rejectsBadPaths() throws Exception {
    TextProtoDocument doc = parse("a { b: 1 }\nc: 2\n");
    assertThrows(IllegalArgumentException.class, () -> doc.set("a", "1"));
    assertThrows(IllegalArgumentException.class, () -> doc.set("c.d", "1"));
    assertThrows(IllegalArgumentException.class, () -> doc.set("a[3].b", "1"));
    assertEquals("a { b: 1 }\nc: 2\n", doc.print());
  }

  @Test
  void set_indexedListElement_changesOnlyThatElement() throws Exception {
    TextProtoDocument doc = parse("anchor {\n  aspect_ratios: [1.0, 2.0, 0.5]\n}\n");
    doc.set("anchor.aspect_ratios[1]", "3.0");
    assertEquals("anchor {\n  aspect_ratios: [1.0, 3.0, 0.5]\n}\n", doc.print());
  }

  @Test
  void addField_usesSiblingIndentationAndLineSpacing() throws Exception {
    TextProtoDocument doc = parse("item {\n    id: 1\n}\n\nitem {\n    id: 2\n}\n");
    TextProtoMessage item = doc.root().addMessage("item");
    item.addField("id", "3");
    item.addField("name", "'c'");
    doc.root().fields("item").get(0).message().addField("name", "'a'");
    assertEquals(
        "item {\n    id: 1\n    name: 'a'\n}\n\nitem {\n    id: 2\n}\n\nitem {\n    id: 3\n"
            + "    name: 'c'\n}\n",
        doc.print());
  }

  @Test
  void addField_inSingleLineMessage_staysOnTheLine() throws Exception {
    TextProtoDocument doc = parse("a { b: 1 }\n");
    doc.root().message("a").get().addField("c", "2");
    assertEquals("a { b: 1 c: 2 }\n", doc.print());
  }

  @Test
  void addField_toEmptyMessagesAndDocuments() throws Exception {
    TextProtoDocument doc = parse("a {}\nb {\n  # nothing yet\n}\n");
    doc.root().message("a").get().addField("x", "1");
    doc.root().message("b").get().addField("y", "2");
    assertEquals("a {\n  x: 1\n}\nb {\n  # nothing yet\n  y: 2\n}\n", doc.print());

    TextProtoDocument empty = parse("");
    empty.root().addField("a", "1");
    assertEquals("a: 1\n", empty.print());

    TextProtoDocument comment = parse("# header\n");
    comment.root().addMessage("m").addField("v", "'s'");
    assertEquals("# header\nm {\n  v: 's'\n}\n", comment.print());
  }

  @Test
  void addField_keepsCrlfAndDetectedIndentation() throws Exception {
    TextProtoDocument doc = parse("a {\r\n\tb {\r\n\t\tc: 1\r\n\t}\r\n}\r\n");
    doc.root().message("a").get().addMessage("d").addField("e", "2");
    assertEquals(
        "a {\r\n\tb {\r\n\t\tc: 1\r\n\t}\r\n\td {\r\n\t\te: 2\r\n\t}\r\n}\r\n", doc.print());
  }

  @Test
  void addField_rejectsInvalidNamesAndLiterals() throws Exception {
    TextProtoMessage root = parse("").root();
    assertThrows(IllegalArgumentException.class, () -> root.addField("1a", "1"));
    assertThrows(IllegalArgumentException.class, () -> root.addField("a b", "1"));
    assertThrows(IllegalArgumentException.class, () -> root.addField("a", "1 2"));
    assertThrows(IllegalArgumentException.class, () -> root.addField("a", "'open"));
    assertThrows(IllegalArgumentException.class, () -> root.addField("a", "1.2.3"));
    assertThrows(IllegalArgumentException.class, () -> root.addField("a", " 1"));
    root.addField("[pkg.ext]", "1");
    assertEquals("[pkg.ext]: 1\n", root.document().print());
  }

  @Test
  void remove_deletesTheFieldLinesCleanly() throws Exception {
    TextProtoDocument doc =
        parse("m {  # about m\n  # about a\n  a: 1  # a's note\n  b: 2\n\n  c { d: 3 }\n}\n");
    TextProtoMessage m = doc.root().message("m").get();
    assertTrue(m.remove(m.field("a").get()));
    assertEquals("m {  # about m\n  b: 2\n\n  c { d: 3 }\n}\n", doc.print());
    assertTrue(m.remove(m.field("c").get()));
    assertEquals("m {  # about m\n  b: 2\n}\n", doc.print());
    assertTrue(m.remove(m.field("b").get()));
    assertEquals("m {  # about m\n}\n", doc.print());
    assertFalse(m.remove(doc.root().field("m").get()));
  }

  @Test
  void remove_onSameLineFields_keepsTheRest() throws Exception {
    TextProtoDocument doc = parse("a { x: 1 y: 2 z: 3 }\nb: 1\nc: 2 d: 3\n");
    assertEquals(1, doc.remove("a.y"));
    assertEquals(1, doc.remove("a.x"));
    assertEquals("a { z: 3 }\nb: 1\nc: 2 d: 3\n", doc.print());
    assertEquals(1, doc.remove("c"));
    assertEquals("a { z: 3 }\nb: 1\nd: 3\n", doc.print());
    assertEquals(0, doc.remove("nothing"));
  }

  @Test
  void remove_byPathWithIndex_removesThatOccurrence() throws Exception {
    TextProtoDocument doc = parse("t {\n  o { a: 1 }\n  o { b: 2 }\n  o { c: 3 }\n}\n");
    assertEquals(1, doc.remove("t.o[1]"));
    assertEquals("t {\n  o { a: 1 }\n  o { c: 3 }\n}\n", doc.print());
  }

  @Test
  void setString_keepsQuoteStyle_andSetNumberWritesLiterals() throws Exception {
    TextProtoDocument doc = parse("a: 'x'  # keep\nb: \"y\"\nc: 1\nd: 2\ne: X\n");
    TextProtoMessage root = doc.root();
    root.field("a").get().setString("new's");
    root.field("b").get().setString("new");
    root.field("c").get().setNumber(Double.NEGATIVE_INFINITY);
    root.field("d").get().setNumber(0.25);
    root.field("e").get().setIdentifier("Y");
    assertEquals("a: 'new\\'s'  # keep\nb: \"new\"\nc: -inf\nd: 0.25\ne: Y\n", doc.print());
    root.field("c").get().setNumber(7L);
    root.field("e").get().setBoolean(true);
    assertEquals("a: 'new\\'s'  # keep\nb: \"new\"\nc: 7\nd: 0.25\ne: true\n", doc.print());
    assertThrows(IllegalArgumentException.class, () -> root.field("e").get().setIdentifier("1"));
    TextProtoDocument msg = parse("m { }");
    assertThrows(IllegalStateException.class, () -> msg.root().field("m").get().setNumber(1L));
  }

  @Test
  void addMessage_beyondDepthLimit_isRefused() throws Exception {
    TextProtoMessage m = parse("").root();
    for (int i = 0; i < TextProtoDocument.MAX_DEPTH; i++) {
      m = m.addMessage("m");
    }
    TextProtoMessage deepest = m;
    assertThrows(IllegalStateException.class, () -> deepest.addMessage("m"));
    String printed = deepest.document().print();
    assertEquals(printed, TextProtoDocument.parse(printed, "deep").print());
  }

  @Test
  void remove_firstFieldOfDocument_leavesNoBlankFirstLine() throws Exception {
    TextProtoDocument doc = parse("a: 1\nb: 2\n");
    doc.remove("a");
    assertEquals("b: 2\n", doc.print());
    TextProtoDocument bom = parse("\uFEFFa: 1  # note\r\nb: 2\r\n");
    bom.remove("a");
    assertEquals("\uFEFFb: 2\r\n", bom.print());
    TextProtoDocument last = parse("a: 1\nb: 2");
    last.remove("b");
    assertEquals("a: 1\n", last.print());
  }

  @Test
  void addField_afterLineWithTrailingComment_keepsCommentOnItsLine() throws Exception {
    TextProtoDocument doc = parse("m {\n  a: 1  # note\n}\nx: 1  # end\n");
    doc.root().message("m").get().addField("b", "2");
    doc.root().addField("y", "2");
    assertEquals("m {\n  a: 1  # note\n  b: 2\n}\nx: 1  # end\ny: 2\n", doc.print());
  }

  @Test
  void removeAndAdd_onZooConfig_touchOnlyTheirLines() throws IOException {
    Path file =
        TextProtoRoundTripTest.DATA.resolve(
            "pipeline_configs/ssd_mobilenet_v2_320x320_coco17_tpu-8.config");
    String original = Files.readString(file);
    String block = "  data_augmentation_options {\n    ssd_random_crop {\n    }\n  }\n";
    assertTrue(original.contains(block));
    TextProtoDocument doc = TextProtoDocument.read(file);
    assertEquals(1, doc.remove("train_config.data_augmentation_options[1]"));
    assertEquals(original.replace(block, ""), doc.print());

    TextProtoDocument added = TextProtoDocument.read(file);
    added.set("train_config.my_new_field", "5");
    String printed = added.print();
    List<String> before = List.of(original.split("\n", -1));
    List<String> after = new ArrayList<>(List.of(printed.split("\n", -1)));
    int at = after.indexOf("  my_new_field: 5");
    assertTrue(at > 0, printed);
    assertEquals("}", after.get(at + 1));
    after.remove(at);
    assertEquals(before, after);
  }
}
