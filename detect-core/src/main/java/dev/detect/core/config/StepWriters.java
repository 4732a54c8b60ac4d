package dev.detect.core.config;

import dev.detect.core.config.AugmentationStep.RandomAdjustBrightness;
import dev.detect.core.config.AugmentationStep.RandomAdjustContrast;
import dev.detect.core.config.AugmentationStep.RandomAdjustHue;
import dev.detect.core.config.AugmentationStep.RandomAdjustSaturation;
import dev.detect.core.config.AugmentationStep.RandomBlackPatches;
import dev.detect.core.config.AugmentationStep.RandomCropImage;
import dev.detect.core.config.AugmentationStep.RandomDistortColor;
import dev.detect.core.config.AugmentationStep.RandomHorizontalFlip;
import dev.detect.core.config.AugmentationStep.RandomImageScale;
import dev.detect.core.config.AugmentationStep.RandomJitterBoxes;
import dev.detect.core.config.AugmentationStep.RandomPadImage;
import dev.detect.core.config.AugmentationStep.RandomPixelValueScale;
import dev.detect.core.config.AugmentationStep.RandomRgbToGray;
import dev.detect.core.config.AugmentationStep.RandomRotation90;
import dev.detect.core.config.AugmentationStep.RandomVerticalFlip;
import dev.detect.core.config.AugmentationStep.SsdCropOperation;
import dev.detect.core.config.AugmentationStep.SsdRandomCrop;
import dev.detect.core.textproto.TextProtoMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Writes augmentation steps (only parameters that differ from the proto default, like the zoo
 * configs) and learning-rate schedules (every parameter, since their proto defaults are surprising:
 * cosine warmup_steps 10000, total_steps 4000000).
 */
final class StepWriters {
  private StepWriters() {}

  /** The parameters of a constant, exponential or cosine schedule as (name, literal) pairs. */
  static List<String[]> scheduleParams(LearningRateSchedule schedule) {
    List<String[]> p = new ArrayList<>();
    if (schedule instanceof LearningRateSchedule.Constant c) {
      p.add(new String[] {"learning_rate", Literal.of(c.learningRate())});
    } else if (schedule instanceof LearningRateSchedule.ExponentialDecay e) {
      p.add(new String[] {"initial_learning_rate", Literal.of(e.initialLearningRate())});
      p.add(new String[] {"decay_steps", Literal.of(e.decaySteps())});
      p.add(new String[] {"decay_factor", Literal.of(e.decayFactor())});
      p.add(new String[] {"staircase", Literal.of(e.staircase())});
      p.add(new String[] {"burnin_learning_rate", Literal.of(e.burninLearningRate())});
      p.add(new String[] {"burnin_steps", Literal.of(e.burninSteps())});
      p.add(new String[] {"min_learning_rate", Literal.of(e.minLearningRate())});
    } else if (schedule instanceof LearningRateSchedule.CosineDecay c) {
      p.add(new String[] {"learning_rate_base", Literal.of(c.learningRateBase())});
      p.add(new String[] {"total_steps", Literal.of(c.totalSteps())});
      p.add(new String[] {"warmup_learning_rate", Literal.of(c.warmupLearningRate())});
      p.add(new String[] {"warmup_steps", Literal.of(c.warmupSteps())});
      p.add(new String[] {"hold_base_rate_steps", Literal.of(c.holdBaseRateSteps())});
    }
    return p;
  }

  /** Writes every parameter of a schedule into its (empty) variant message. */
  static void writeSchedule(LearningRateSchedule schedule, TextProtoMessage m) {
    if (schedule instanceof LearningRateSchedule.ManualStep s) {
      m.addField("initial_learning_rate", Literal.of(s.initialLearningRate()));
      for (LearningRateSchedule.ManualStep.Step step : s.schedule()) {
        TextProtoMessage entry = m.addMessage("schedule");
        entry.addField("step", Literal.of(step.step()));
        entry.addField("learning_rate", Literal.of(step.learningRate()));
      }
      m.addField("warmup", Literal.of(s.warmup()));
      return;
    }
    for (String[] p : scheduleParams(schedule)) {
      m.addField(p[0], p[1]);
    }
  }

  /** Writes the parameters of a known step into its (empty) message. */
  static void writeStep(AugmentationStep step, TextProtoMessage m) {
    if (step instanceof RandomHorizontalFlip s) {
      dbl(m, "probability", s.probability(), 0.5);
    } else if (step instanceof RandomVerticalFlip s) {
      dbl(m, "probability", s.probability(), 0.5);
    } else if (step instanceof RandomRotation90 s) {
      dbl(m, "probability", s.probability(), 0.5);
    } else if (step instanceof SsdRandomCrop s) {
      if (!s.operations().equals(SsdRandomCrop.DEFAULT_OPERATIONS)) {
        for (SsdCropOperation op : s.operations()) {
          TextProtoMessage o = m.addMessage("operations");
          o.addField("min_object_covered", Literal.of(op.minObjectCovered()));
          o.addField("min_aspect_ratio", Literal.of(op.minAspectRatio()));
          o.addField("max_aspect_ratio", Literal.of(op.maxAspectRatio()));
          o.addField("min_area", Literal.of(op.minArea()));
          o.addField("max_area", Literal.of(op.maxArea()));
          o.addField("overlap_thresh", Literal.of(op.overlapThresh()));
          o.addField("clip_boxes", Literal.of(op.clipBoxes()));
          o.addField("random_coef", Literal.of(op.randomCoef()));
        }
      }
    } else if (step instanceof RandomCropImage s) {
      RandomCropImage d = RandomCropImage.DEFAULT;
      dbl(m, "min_object_covered", s.minObjectCovered(), d.minObjectCovered());
      dbl(m, "min_aspect_ratio", s.minAspectRatio(), d.minAspectRatio());
      dbl(m, "max_aspect_ratio", s.maxAspectRatio(), d.maxAspectRatio());
      dbl(m, "min_area", s.minArea(), d.minArea());
      dbl(m, "max_area", s.maxArea(), d.maxArea());
      dbl(m, "overlap_thresh", s.overlapThresh(), d.overlapThresh());
      if (!s.clipBoxes()) {
        m.addField("clip_boxes", "false");
      }
      dbl(m, "random_coef", s.randomCoef(), d.randomCoef());
    } else if (step instanceof RandomPadImage s) {
      opt(m, "min_image_height", s.minImageHeight());
      opt(m, "min_image_width", s.minImageWidth());
      opt(m, "max_image_height", s.maxImageHeight());
      opt(m, "max_image_width", s.maxImageWidth());
      for (double c : s.padColor()) {
        m.addField("pad_color", Literal.of(c));
      }
    } else {
      writeColorStep(step, m);
    }
  }

  private static void writeColorStep(AugmentationStep step, TextProtoMessage m) {
    if (step instanceof RandomAdjustBrightness s) {
      dbl(m, "max_delta", s.maxDelta(), 0.2);
    } else if (step instanceof RandomAdjustContrast s) {
      dbl(m, "min_delta", s.minDelta(), 0.8);
      dbl(m, "max_delta", s.maxDelta(), 1.25);
    } else if (step instanceof RandomAdjustSaturation s) {
      dbl(m, "min_delta", s.minDelta(), 0.8);
      dbl(m, "max_delta", s.maxDelta(), 1.25);
    } else if (step instanceof RandomAdjustHue s) {
      dbl(m, "max_delta", s.maxDelta(), 0.02);
    } else if (step instanceof RandomDistortColor s) {
      if (s.colorOrdering() != 0) {
        m.addField("color_ordering", Literal.of(s.colorOrdering()));
      }
    } else if (step instanceof RandomImageScale s) {
      dbl(m, "min_scale_ratio", s.minScaleRatio(), 0.5);
      dbl(m, "max_scale_ratio", s.maxScaleRatio(), 2.0);
    } else if (step instanceof RandomJitterBoxes s) {
      dbl(m, "ratio", s.ratio(), 0.05);
      if (s.jitterMode() != AugmentationStep.JitterMode.DEFAULT) {
        m.addField("jitter_mode", s.jitterMode().name());
      }
    } else if (step instanceof RandomBlackPatches s) {
      if (s.maxBlackPatches() != 10) {
        m.addField("max_black_patches", Literal.of(s.maxBlackPatches()));
      }
      dbl(m, "probability", s.probability(), 0.5);
      dbl(m, "size_to_image_ratio", s.sizeToImageRatio(), 0.1);
    } else if (step instanceof RandomRgbToGray s) {
      dbl(m, "probability", s.probability(), 0.1);
    } else if (step instanceof RandomPixelValueScale s) {
      dbl(m, "minval", s.minval(), 0.9);
      dbl(m, "maxval", s.maxval(), 1.1);
    }
  }

  private static void dbl(TextProtoMessage m, String name, double value, double def) {
    if (value != def) {
      m.addField(name, Literal.of(value));
    }
  }

  private static void opt(TextProtoMessage m, String name, OptionalDouble value) {
    if (value.isPresent()) {
      double v = value.getAsDouble();
      // int32 in newer protos, float in older ones: an integral literal fits both
      m.addField(name, v == Math.rint(v) ? Literal.of((long) v) : Literal.of(v));
    }
  }
}
