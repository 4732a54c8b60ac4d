package dev.detect.core.config;

import dev.detect.core.textproto.TextProtoDocument;
import dev.detect.core.textproto.TextProtoField;
import dev.detect.core.textproto.TextProtoMessage;
import dev.detect.core.textproto.TextProtoScalar;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Sets the learning-rate schedule of the optimizer, in place when its kind is unchanged. */
final class ScheduleEdits {
  private static final List<String> OPTIMIZERS =
      List.of("momentum_optimizer", "adam_optimizer", "rms_prop_optimizer");

  /** Proto defaults of the schedule parameters: an absent field with its default stays absent. */
  private static final Map<String, String> DEFAULTS =
      Map.ofEntries(
          Map.entry("learning_rate", "0.002"),
          Map.entry("initial_learning_rate", "0.002"),
          Map.entry("decay_steps", "4000000"),
          Map.entry("decay_factor", "0.95"),
          Map.entry("staircase", "true"),
          Map.entry("burnin_learning_rate", "0"),
          Map.entry("burnin_steps", "0"),
          Map.entry("min_learning_rate", "0"),
          Map.entry("learning_rate_base", "0.002"),
          Map.entry("total_steps", "4000000"),
          Map.entry("warmup_learning_rate", "0.0002"),
          Map.entry("warmup_steps", "10000"),
          Map.entry("hold_base_rate_steps", "0"));

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
          if (!sameValue(DEFAULTS.get(p[0]), p[1])) {
            m.addField(p[0], p[1]);
          }
        } else if (!same(f.get().scalar(), p[1])) {
          f.get().setLiteral(p[1]);
        }
      }
      return;
    }
    for (TextProtoField f : List.copyOf(lr.fields())) {
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

  private static boolean sameValue(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    try {
      return Double.parseDouble(a) == Double.parseDouble(b);
    } catch (NumberFormatException e) {
      return false;
    }
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
