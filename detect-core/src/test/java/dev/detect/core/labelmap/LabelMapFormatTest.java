package dev.detect.core.labelmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading and writing label maps as .pbtxt and class lists. */
class LabelMapFormatTest {
  static final Path DATA = Path.of(System.getProperty("detect.shared.data", "../shared/data"));
  static final Path MAPS = DATA.resolve("label_maps");

  @Test
  void read_mscoco_hasGapsAndMidNames() throws IOException {
    LabelMap map = LabelMapFormat.read(MAPS.resolve("mscoco_label_map.pbtxt"));
    assertEquals(80, map.size());
    assertEquals(90, map.maxId());
    LabelMap.Item first = map.items().get(0);
    assertEquals(new LabelMap.Item(1, "/m/01g317", Optional.of("person")), first);
    assertEquals(OptionalInt.of(1), map.idOf("person"));
    assertEquals(OptionalInt.of(1), map.idOf("/m/01g317"));
    assertEquals("toothbrush", map.items().get(79).displayNameOrName());
    assertEquals(90, map.items().get(79).id());
  }

  @Test
  void read_pet_singleQuotesIdFirstBlankLines() throws IOException {
    LabelMap map = LabelMapFormat.read(MAPS.resolve("pet_label_map.pbtxt"));
    assertEquals(37, map.size());
    assertEquals(new LabelMap.Item(1, "Abyssinian", Optional.empty()), map.items().get(0));
    for (int i = 0; i < 37; i++) {
      assertEquals(i + 1, map.items().get(i).id());
    }
  }

  @Test
  void read_pascalKittiAndRaccoon() throws IOException {
    LabelMap pascal = LabelMapFormat.read(MAPS.resolve("pascal_label_map.pbtxt"));
    assertEquals(20, pascal.size());
    assertEquals("aeroplane", pascal.names().get(0));
    assertEquals("tvmonitor", pascal.names().get(19));
    LabelMap kitti = LabelMapFormat.read(MAPS.resolve("kitti_label_map.pbtxt"));
    assertEquals(List.of("car", "pedestrian"), kitti.names());
    LabelMap raccoon = LabelMapFormat.read(DATA.resolve("raccoon/training/object-detection.pbtxt"));
    assertEquals(List.of(new LabelMap.Item(1, "raccoon", Optional.empty())), raccoon.items());
  }

  @Test
  void read_faceKeypoints_ignoresKeypointBlocks() throws IOException {
    LabelMap map = LabelMapFormat.read(MAPS.resolve("face_person_with_keypoints_label_map.pbtxt"));
    assertEquals(
        List.of(
            new LabelMap.Item(1, "face", Optional.of("face")),
            new LabelMap.Item(2, "Person", Optional.of("PERSON"))),
        map.items());
  }

  @Test
  void parse_displayNameOnlyMap_looksUpByDisplayName() throws DatasetFormatException {
    String text =
        "item {\n    id: 1\n    display_name: \"raccoon\"\n}\n\n"
            + "item {\n    id: 2\n    display_name: \"cat\"\n}\n\n";
    LabelMap map = LabelMapFormat.parse(text, "label_map.pbtxt");
    assertEquals(List.of("", ""), map.names());
    assertEquals(OptionalInt.of(2), map.idOf("cat"));
    assertEquals(2, map.itemFor("cat").orElseThrow().id());
    assertEquals("raccoon", map.item(1).orElseThrow().displayNameOrName());
  }

  @Test
  void parse_acceptsOtherItemFieldsAndSyntaxVariants() throws DatasetFormatException {
    String text =
        "# comment\nitem: { name: \"a\" id: 3; display_name: 'A' ancestor_ids: [1, 2]"
            + " descendant_ids: 4 frequency: RARE instance_count: 7 }\n"
            + "item < id: 0 name: 'background' >\n"
            + "item: [{ id: 5 display_name: 'x' }, { id: 6 name: 'it\\'s' }]\n";
    LabelMap map = LabelMapFormat.parse(text, "m.pbtxt");
    assertEquals(
        List.of(
            new LabelMap.Item(3, "a", Optional.of("A")),
            new LabelMap.Item(0, "background", Optional.empty()),
            new LabelMap.Item(5, "", Optional.of("x")),
            new LabelMap.Item(6, "it's", Optional.empty())),
        map.items());
  }

  @Test
  void parse_idZeroBackgroundByDisplayName_isAccepted() throws DatasetFormatException {
    LabelMap map = LabelMapFormat.parse("item { id: 0 display_name: 'background' }", "m");
    assertTrue(map.item(0).isPresent());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "item { id: 1 name: 'a' }\\nitem { id: 1 name: 'b' }|2|1|duplicate label map id 1 (first on"
            + " line 1)",
        "item { id: 1 name: 'a' }\\n\\nitem { id: 2 name: 'a' }|3|1|duplicate label map name 'a'",
        "item { id: 0 name: 'cat' }|1|1|label map id 0 is reserved for the background label",
        "item { name: 'cat' }|1|1|has no 'id'",
        "item { id: -3 name: 'cat' }|1|1|label map id -3 is negative",
        "item { id: 1 }\\nlabel { id: 2 }|2|1|unknown top-level field 'label'",
        "item { id: 1 nmae: 'x' }|1|14|unknown field 'nmae' in label map item",
        "item { id: 1 id: 2 }|1|14|more than one 'id'",
        "item { id: 'one' }|1|12|expected an integer for field 'id', found 'one'",
        "item { id: 1 name: cat }|1|20|expected a quoted string for field 'name'",
        "item { id: 99999999999 }|1|12|expected a 32-bit integer",
        "item { id: 1 name { } }|1|14|'name' must be a single value",
        "item: 5|1|1|'item' must be a message",
        "item { id: 1 name: 'x' \\n|2|1|expected '}' to close 'item'",
      })
  void parse_brokenRule_isLocatedAtTheItem(String text, int line, int column, String reason) {
    DatasetFormatException e =
        assertThrows(
            DatasetFormatException.class,
            () -> LabelMapFormat.parse(text.replace("\\n", "\n"), "label_map.pbtxt"));
    assertEquals(line, e.line().orElseThrow(), e.getMessage());
    assertEquals(column, e.column().orElseThrow(), e.getMessage());
    assertTrue(e.getMessage().contains(reason), e.getMessage());
    assertTrue(e.getMessage().startsWith("label_map.pbtxt:" + line + ":" + column + ": "));
  }

  @Test
  void format_writesPascalStyleWithNameAndDisplayName() {
    LabelMap map = LabelMap.ofNames(List.of("raccoon", "it's \\ \"x\""));
    assertEquals(
        "item {\n  id: 1\n  name: 'raccoon'\n  display_name: 'raccoon'\n}\n\n"
            + "item {\n  id: 2\n  name: 'it\\'s \\\\ \"x\"'\n  display_name: 'it\\'s \\\\ \"x\"'\n}\n",
        LabelMapFormat.format(map));
    assertEquals("", LabelMapFormat.format(LabelMap.ofNames(List.of())));
  }

  @Test
  void format_thenParse_ofEverySharedMap_givesEqualMap() throws IOException {
    try (Stream<Path> files = Files.list(MAPS)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".pbtxt")).toList()) {
        LabelMap map = LabelMapFormat.read(file);
        assertEquals(map, LabelMapFormat.parse(LabelMapFormat.format(map), "x"), file.toString());
      }
    }
  }

  @Test
  void write_isAtomicAndReadable(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("sub/label_map.pbtxt");
    LabelMap first = LabelMap.ofNames(List.of("cat", "dog"));
    LabelMapFormat.write(first, file);
    assertEquals(first, LabelMapFormat.read(file));
    LabelMap second = LabelMap.fromLabels(List.of("zebra", "Ant", "caf\u00e9"));
    LabelMapFormat.write(second, file);
    assertEquals(second, LabelMapFormat.read(file));
    assertEquals(LabelMapFormat.format(second), Files.readString(file, StandardCharsets.UTF_8));
    try (Stream<Path> left = Files.list(file.getParent())) {
      assertEquals(List.of(file), left.toList(), "no temporary files left behind");
    }
  }

  @Test
  void readClassList_stripsBomTrimsAndSkipsBlankLines(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("classes.txt");
    Files.writeString(file, "\uFEFF raccoon \r\n\r\n\tcat\rdog\n\n  \nCaf\u00e9\n");
    LabelMap map = LabelMapFormat.readClassList(file);
    assertEquals(List.of("raccoon", "cat", "dog", "Caf\u00e9"), map.names());
    assertEquals(4, map.item(4).orElseThrow().id());
    Files.writeString(dir.resolve("empty.names"), "\n\n");
    assertEquals(0, LabelMapFormat.readClassList(dir.resolve("empty.names")).size());
  }

  @Test
  void readClassList_duplicate_namesBothLines(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("obj.names");
    Files.writeString(file, "cat\n\ndog\n cat\n");
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> LabelMapFormat.readClassList(file));
    assertEquals(4, e.line().orElseThrow());
    assertTrue(e.getMessage().contains("duplicate class 'cat' (first on line 1)"), e.getMessage());
  }

  @Test
  void readClassList_notUtf8_isAFormatError(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("classes.txt");
    Files.write(file, new byte[] {'c', 'a', (byte) 0xe9, '\n'});
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> LabelMapFormat.readClassList(file));
    assertTrue(e.getMessage().contains("UTF-8"));
  }
}
