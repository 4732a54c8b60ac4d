package dev.detect.core.config;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.textproto.TextProtoDocument;
import dev.detect.core.textproto.TextProtoField;
import dev.detect.core.textproto.TextProtoMessage;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Rewrites {@code train_config.data_augmentation_options}. */
final class AugmentationEdits {
  private AugmentationEdits() {}

  static void set(TextProtoDocument doc, List<AugmentationStep> steps) {
    try {
      List<AugmentationStep> current =
          TrainReaders.trainConfig(Node.root(doc).child("train_config")).dataAugmentationOptions();
      if (current.equals(steps)) {
        return;
      }
    } catch (DatasetFormatException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    TextProtoMessage train = ConfigEdits.message(doc, "train_config");
    Map<String, Deque<TextProtoMessage>> unknown = new HashMap<>();
    for (TextProtoField f : train.fields("data_augmentation_options")) {
      for (TextProtoMessage option : f.messages()) {
        List<TextProtoField> inner = option.fields();
        if (!inner.isEmpty()) {
          TextProtoField step = inner.get(inner.size() - 1);
          if (step.isMessage() && !TrainerContract.AUGMENTATION_STEPS.contains(step.name())) {
            unknown.computeIfAbsent(step.name(), k -> new ArrayDeque<>()).add(step.message());
          }
        }
      }
      train.remove(f);
    }
    for (AugmentationStep step : steps) {
      TextProtoMessage option = train.addMessage("data_augmentation_options");
      if (step.protoName().isEmpty()) {
        continue;
      }
      TextProtoMessage m = option.addMessage(step.protoName());
      if (step instanceof AugmentationStep.Unknown) {
        TextProtoMessage original =
            unknown.getOrDefault(step.protoName(), new ArrayDeque<>()).poll();
        if (original != null) {
          ConfigEdits.copyFields(original, m);
        }
      } else {
        StepWriters.writeStep(step, m);
      }
    }
  }
}
