package dev.detect.core.labelmap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * The mapping between class ids and names that the TensorFlow Object Detection API reads from a
 * {@code label_map.pbtxt} ({@code StringIntLabelMap}).
 *
 * <p>Ids are 1-based: 0 is reserved for the background and only allowed for an item whose name or
 * display name is {@code background}. Ids and non-empty names are unique; ids may have gaps (the
 * COCO map goes up to 90 with 80 items). Items may have an empty name and only a display name (as
 * {@code generate_pbtxt.py} writes them); several such items do not collide, and {@link #idOf}
 * finds them by display name. Immutable.
 */
public final class LabelMap {
  /** The name the OD API allows for id 0. */
  public static final String BACKGROUND = "background";

  private final List<Item> items;
  private final Map<Integer, Item> byId;
  private final Map<String, Item> byName;
  private final Map<String, Item> byDisplayName;

  /**
   * One label map entry.
   *
   * @param id the class id, 1-based (0 only for {@code background})
   * @param name the class name: what {@code image/object/class/text} must contain
   * @param displayName the human-readable name, if any
   */
  public record Item(int id, String name, Optional<String> displayName) {
    /** Validates the id and name. */
    public Item {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(displayName, "displayName");
      if (id < 0) {
        throw new IllegalArgumentException("label map id must be >= 0, got " + id);
      }
    }

    /** An item whose display name equals its name. */
    public static Item of(int id, String name) {
      return new Item(id, name, Optional.of(name));
    }

    /**
     * Whether this item may have id 0: its name or, in a map written with display names only, its
     * display name is {@code background} (the OD API's {@code _validate_label_map} rule).
     */
    public boolean isBackground() {
      return BACKGROUND.equals(name) || displayName.map(BACKGROUND::equals).orElse(false);
    }

    /** The display name if present, else the name. */
    public String displayNameOrName() {
      return displayName.filter(d -> !d.isEmpty()).orElse(name);
    }
  }

  private LabelMap(List<Item> items) {
    this.items = List.copyOf(items);
    Map<Integer, Item> ids = new HashMap<>();
    Map<String, Item> names = new HashMap<>();
    Map<String, Item> displayNames = new HashMap<>();
    for (Item item : this.items) {
      if (ids.putIfAbsent(item.id(), item) != null) {
        throw new IllegalArgumentException(
            "duplicate label map id "
                + item.id()
                + " (names '"
                + ids.get(item.id()).name()
                + "' and '"
                + item.name()
                + "'): ids must be unique");
      }
      if (item.id() == 0 && !item.isBackground()) {
        throw new IllegalArgumentException(
            "label map id 0 is reserved for the background label, but is named '"
                + item.name()
                + "': number classes from 1");
      }
      String key = item.name().isEmpty() ? null : item.name();
      if (key != null && names.putIfAbsent(key, item) != null) {
        throw new IllegalArgumentException(
            "duplicate label map name '"
                + key
                + "' (ids "
                + names.get(key).id()
                + " and "
                + item.id()
                + "): names must be unique");
      }
      item.displayName()
          .filter(d -> !d.isEmpty())
          .ifPresent(d -> displayNames.putIfAbsent(d, item));
    }
    this.byId = ids;
    this.byName = names;
    this.byDisplayName = displayNames;
  }

  /**
   * A label map of the given items in the given order.
   *
   * @throws IllegalArgumentException on duplicate ids or names, negative ids, or id 0 not named
   *     {@code background}
   */
  public static LabelMap of(Collection<Item> items) {
    return new LabelMap(new ArrayList<>(items));
  }

  /**
   * A label map of the distinct labels sorted by {@link String#compareTo} (case-sensitive, as the
   * seed's {@code generate_pbtxt.py}), with ids from 1 and display name = name.
   */
  public static LabelMap fromLabels(Collection<String> labels) {
    return ofNames(new ArrayList<>(new TreeSet<>(labels)));
  }

  /**
   * A label map of the names in the given order (e.g. a {@code classes.txt}), with ids from 1.
   *
   * @throws IllegalArgumentException on a duplicate or blank name
   */
  public static LabelMap ofNames(List<String> names) {
    List<Item> items = new ArrayList<>(names.size());
    int id = 1;
    for (String name : names) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("class name " + id + " is blank");
      }
      items.add(Item.of(id++, name));
    }
    return new LabelMap(items);
  }

  /** The items in file order. */
  public List<Item> items() {
    return items;
  }

  /** The number of items. */
  public int size() {
    return items.size();
  }

  /** The highest id, which is what {@code num_classes} must be; 0 when empty. */
  public int maxId() {
    int max = 0;
    for (Item item : items) {
      max = Math.max(max, item.id());
    }
    return max;
  }

  /**
   * The id for a class text, looked up as the OD API does: against both {@code name} and {@code
   * display_name}, the larger id winning.
   */
  public OptionalInt idOf(String text) {
    Item byN = byName.get(text);
    Item byD = byDisplayName.get(text);
    if (byN == null && byD == null) {
      return OptionalInt.empty();
    }
    int id = Math.max(byN == null ? -1 : byN.id(), byD == null ? -1 : byD.id());
    return OptionalInt.of(id);
  }

  /** The item with the given id. */
  public Optional<Item> item(int id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The item whose {@code name} (or display name) is {@code text}. */
  public Optional<Item> itemFor(String text) {
    OptionalInt id = idOf(text);
    return id.isPresent() ? item(id.getAsInt()) : Optional.empty();
  }

  /** The names in item order. */
  public List<String> names() {
    List<String> names = new ArrayList<>(items.size());
    for (Item item : items) {
      names.add(item.name());
    }
    return Collections.unmodifiableList(names);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelMap other && items.equals(other.items);
  }

  @Override
  public int hashCode() {
    return items.hashCode();
  }

  @Override
  public String toString() {
    return "LabelMap" + items;
  }
}
