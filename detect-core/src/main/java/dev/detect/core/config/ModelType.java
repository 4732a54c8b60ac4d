package dev.detect.core.config;

import java.util.Optional;

/** The meta-architecture chosen in {@code model { ... }} ({@code DetectionModel} oneof). */
public enum ModelType {
  /** {@code model { ssd { ... } }}: the architecture detect trains. */
  SSD("ssd"),
  /** {@code model { faster_rcnn { ... } }}. */
  FASTER_RCNN("faster_rcnn"),
  /** {@code model { center_net { ... } }}. */
  CENTER_NET("center_net"),
  /** {@code model { experimental_model { ... } }}. */
  EXPERIMENTAL_MODEL("experimental_model"),
  /** No {@code model} block, or an empty one. */
  NONE("");

  private final String protoName;

  ModelType(String protoName) {
    this.protoName = protoName;
  }

  /** The field name inside {@code model} ({@code ssd}, {@code faster_rcnn}, …; empty for NONE). */
  public String protoName() {
    return protoName;
  }

  /** The model type whose field name is {@code name}. */
  static Optional<ModelType> ofProtoName(String name) {
    for (ModelType t : values()) {
      if (t != NONE && t.protoName.equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
