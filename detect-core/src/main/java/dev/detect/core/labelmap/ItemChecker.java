package dev.detect.core.labelmap;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.textproto.TextProtoField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the {@link LabelMap} rules item by item while reading, so that a broken rule is reported
 * at the file line of the item instead of as an {@link IllegalArgumentException}.
 */
final class ItemChecker {
  private final String source;
  private final List<LabelMap.Item> items = new ArrayList<>();
  private final Map<Integer, Integer> idLines = new HashMap<>();
  private final Map<String, Integer> nameLines = new HashMap<>();

  ItemChecker(String source) {
    this.source = source;
  }

  void add(LabelMap.Item item, TextProtoField at) throws DatasetFormatException {
    if (item.id() == 0 && !item.isBackground()) {
      throw error(
          at,
          "label map id 0 is reserved for the background label, but the item is named '"
              + item.displayNameOrName()
              + "': number classes from 1");
    }
    Integer firstId = idLines.putIfAbsent(item.id(), at.line());
    if (firstId != null) {
      throw error(
          at,
          "duplicate label map id "
              + item.id()
              + " (first on line "
              + firstId
              + "): ids must be unique");
    }
    if (!item.name().isEmpty()) {
      Integer firstName = nameLines.putIfAbsent(item.name(), at.line());
      if (firstName != null) {
        throw error(
            at,
            "duplicate label map name '"
                + item.name()
                + "' (first on line "
                + firstName
                + "): names must be unique");
      }
    }
    items.add(item);
  }

  List<LabelMap.Item> items() {
    return items;
  }

  private DatasetFormatException error(TextProtoField at, String reason) {
    return new DatasetFormatException(source, at.line(), at.column(), reason);
  }
}
