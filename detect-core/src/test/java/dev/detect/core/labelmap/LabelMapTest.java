package dev.detect.core.labelmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The LabelMap rules: unique ids, unique non-empty names, id 0 only for background. */
class LabelMapTest {
  @Test
  void of_itemsWithEmptyNamesAndDisplayNames_doNotCollide() {
    LabelMap map =
        LabelMap.of(
            List.of(
                new LabelMap.Item(1, "", Optional.of("raccoon")),
                new LabelMap.Item(2, "", Optional.of("cat"))));
    assertEquals(OptionalInt.of(1), map.idOf("raccoon"));
    assertEquals(OptionalInt.of(2), map.idOf("cat"));
    assertEquals(OptionalInt.empty(), map.idOf(""));
  }

  @Test
  void of_idZero_allowedWhenNameOrDisplayNameIsBackground() {
    assertTrue(
        LabelMap.of(List.of(new LabelMap.Item(0, "background", Optional.empty())))
            .item(0)
            .isPresent());
    assertTrue(
        LabelMap.of(List.of(new LabelMap.Item(0, "", Optional.of("background"))))
            .item(0)
            .isPresent());
    assertThrows(
        IllegalArgumentException.class,
        () -> LabelMap.of(List.of(new LabelMap.Item(0, "cat", Optional.of("cat")))));
  }

  @Test
  void of_duplicateIdsOrNames_areRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> LabelMap.of(List.of(LabelMap.Item.of(1, "a"), LabelMap.Item.of(1, "b"))));
    assertThrows(
        IllegalArgumentException.class,
        () -> LabelMap.of(List.of(LabelMap.Item.of(1, "a"), LabelMap.Item.of(2, "a"))));
  }
}
