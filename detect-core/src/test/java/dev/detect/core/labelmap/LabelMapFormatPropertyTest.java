package dev.detect.core.labelmap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.detect.core.DatasetFormatException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** format then parse gives back an equal label map, whatever the names contain. */
class LabelMapFormatPropertyTest {
  @Provide
  Arbitrary<String> names() {
    String tricky = "'\"\\#{}:\n\t\r\u0000\u007f \u00e9\u4e2d\u200b";
    Arbitrary<String> plain =
        Arbitraries.strings()
            .withChars(tricky)
            .withCharRange('a', 'z')
            .withCharRange('\u0020', '\u00ff')
            .withCharRange('\u0400', '\u04ff')
            .ofMinLength(1)
            .ofMaxLength(12);
    Arbitrary<String> emoji = Arbitraries.of("\ud83d\ude00", "\ud83e\udd9d raccoon");
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(9, plain), net.jqwik.api.Tuple.of(1, emoji));
  }

  @Property(tries = 300)
  void formatThenParse_givesEqualMap(
      @ForAll List<@From("names") String> names, @ForAll List<@From("names") String> displays)
      throws DatasetFormatException {
    Set<String> distinct = new LinkedHashSet<>();
    for (String n : names) {
      if (!n.isBlank()) {
        distinct.add(n);
      }
    }
    List<LabelMap.Item> items = new ArrayList<>();
    int id = 1;
    for (String name : distinct) {
      Optional<String> display =
          id % 3 == 0 || displays.isEmpty()
              ? Optional.empty()
              : Optional.of(displays.get(id % displays.size()));
      items.add(new LabelMap.Item(id, id % 4 == 0 ? "" : name, display));
      id += 1 + id % 2;
    }
    LabelMap map = LabelMap.of(items);
    LabelMap back = LabelMapFormat.parse(LabelMapFormat.format(map), "prop.pbtxt");
    assertEquals(map, back);
  }
}
