package dev.detect.io.coco;

import dev.detect.core.labelmap.LabelMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One entry of a COCO {@code categories} array.
 *
 * @param id the category id as written in the file (COCO ids may start at 0 and have gaps)
 * @param name the category name: the label of the objects of this category
 * @param supercategory the {@code supercategory} field, if present
 */
public record CocoCategory(int id, String name, Optional<String> supercategory) {

  /** Validates the fields. */
  public CocoCategory {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(supercategory, "supercategory");
    if (name.isBlank()) {
      throw new IllegalArgumentException("category name must not be blank (id " + id + ")");
    }
  }

  /** A category with no supercategory. */
  public static CocoCategory of(int id, String name) {
    return new CocoCategory(id, name, Optional.empty());
  }

  /**
   * A label map keeping the COCO category ids, so that class ids stay those of the COCO file.
   *
   * <p>The OD API reserves id 0 for the background, so a category with id 0 is left out when it
   * only serves as another category's supercategory (Roboflow exports list such a root category,
   * e.g. {@code 0 "pieces"}); any other id-0 or negative-id category is refused: renumber with
   * {@link LabelMap#fromLabels(Collection)} instead. Unused categories are kept.
   *
   * @throws IllegalArgumentException for an id-0 category that is not a mere supercategory, a
   *     negative id, or duplicate ids or names
   */
  public static LabelMap toLabelMap(Collection<CocoCategory> categories) {
    Set<String> parents = new HashSet<>();
    for (CocoCategory c : categories) {
      c.supercategory().ifPresent(parents::add);
    }
    List<LabelMap.Item> items = new ArrayList<>();
    for (CocoCategory c : categories) {
      if (c.id() == 0 && parents.contains(c.name())) {
        continue;
      }
      if (c.id() <= 0 && !(c.id() == 0 && LabelMap.BACKGROUND.equals(c.name()))) {
        throw new IllegalArgumentException(
            "COCO category id "
                + c.id()
                + " '"
                + c.name()
                + "' cannot be a label map id (ids start at 1; 0 is the background); renumber"
                + " the labels with LabelMap.fromLabels(...)");
      }
      items.add(LabelMap.Item.of(c.id(), c.name()));
    }
    return LabelMap.of(items);
  }
}
