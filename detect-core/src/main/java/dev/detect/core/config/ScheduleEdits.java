package dev.detect.core.config;

import dev.detect.core.textproto.TextProtoDocument;
import dev.detect.core.textproto.TextProtoField;
import dev.detect.core.textproto.TextProtoMessage;
import dev.detect.core.textproto.TextProtoScalar;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Sets the learning-rate schedule of the optimizer, in place when its kind is unchanged. */
final class ScheduleEdits {
  private static final List<String> OPTIMIZERS =
      List.of("momentum_optimizer", "adam_optimizer", "rms_prop_optimizer");

  private ScheduleEdits() {}

  static void set(TextProtoDocument doc, LearningRateSchedule schedule) {
    TextProtoMessage variant = optimizer(doc);
    TextProtoMessage lr =
        variant.message("learning_rate").orElseGet(() -> variant.addMessage("learning_rate"));
    Optional<TextProtoField> current =
        lr.fields().stream().filter(TextProtoField::isMessage).findFirst();
    boolean sameKind =
        current.isPresent()
            && current.get().name().equals(schedule.protoName())
            && !(schedule instanceof LearningRateSchedule.ManualStep);
    if (sameKind) {
      TextProtoMessage m = current.get().message();
      for (String[] p : StepWriters.scheduleParams(schedule)) {
        Optional<TextProtoField> f = m.field(p[0]).filter(x -> !x.isMessage() && !x.isList());
        if (f.isEmpty()) {
          m.addField(p[0], p[1]);
        } else if (!same(f.get().scalar(), p[1])) {
          f.get().setLiteral(p[1]);
        }
      }
      return;
    }
    for (TextProtoField f : lr.fields()) {
      lr.remove(f);
    }
    StepWriters.writeSchedule(schedule, lr.addMessage(schedule.protoName()));
  }

  private static TextProtoMessage optimizer(TextProtoDocument doc) {
    Optional<TextProtoField> opt = ConfigEdits.find(doc, "train_config.optimizer");
    if (opt.isPresent() && opt.get().isMessage()) {
      for (TextProtoField f : opt.get().message().fields()) {
        if (f.isMessage() && OPTIMIZERS.contains(f.name())) {
          return f.message();
        }
      }
    }
    throw new IllegalStateException(
        "the config has no momentum_optimizer, adam_optimizer or rms_prop_optimizer in"
            + " train_config.optimizer: add one first (set(\"train_config.optimizer."
            + "momentum_optimizer.momentum_optimizer_value\", \"0.9\"))");
  }

  private static boolean same(TextProtoScalar s, String literal) {
    if (s.literal().equals(literal)) {
      return true;
    }
    try {
      return s.kind() == TextProtoScalar.Kind.NUMBER && s.asDouble() == Double.parseDouble(literal);
    } catch (IOException | NumberFormatException e) {
      return false;
    }
  }
}
