package dev.detect.train.input.augment;

import dev.detect.core.config.AugmentationStep;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the augmentations a pipeline.config's {@code data_augmentation_options} name, in order,
 * with their parameters. Unknown steps are reported by {@code PipelineConfig.unsupportedFields} and
 * skipped here (the trainer logs them at start).
 */
public final class Augmentations {
  private Augmentations() {}

  /** The augmentations for {@code steps}; unknown steps are left out. */
  public static List<Augmentation> fromConfig(List<AugmentationStep> steps) {
    List<Augmentation> out = new ArrayList<>();
    for (AugmentationStep step : steps) {
      Augmentation a = of(step);
      if (a != null) {
        out.add(a);
      }
    }
    return out;
  }

  private static Augmentation of(AugmentationStep step) {
    if (step instanceof AugmentationStep.RandomHorizontalFlip s) {
      return new RandomHorizontalFlip(s.probability());
    }
    if (step instanceof AugmentationStep.RandomVerticalFlip s) {
      return new RandomVerticalFlip(s.probability());
    }
    if (step instanceof AugmentationStep.RandomRotation90 s) {
      return new RandomRotation90(s.probability());
    }
    if (step instanceof AugmentationStep.SsdRandomCrop s) {
      return ssdRandomCrop(s);
    }
    if (step instanceof AugmentationStep.RandomCropImage s) {
      return new RandomCropImage(
          new CropOperation(
              s.minObjectCovered(),
              s.minAspectRatio(),
              s.maxAspectRatio(),
              s.minArea(),
              s.maxArea(),
              s.overlapThresh(),
              s.clipBoxes(),
              s.randomCoef()));
    }
    if (step instanceof AugmentationStep.RandomPadImage s) {
      return pad(s);
    }
    if (step instanceof AugmentationStep.RandomAdjustBrightness s) {
      return new RandomAdjustBrightness(s.maxDelta());
    }
    if (step instanceof AugmentationStep.RandomAdjustContrast s) {
      return new RandomAdjustContrast(s.minDelta(), s.maxDelta());
    }
    if (step instanceof AugmentationStep.RandomAdjustSaturation s) {
      return new RandomAdjustSaturation(s.minDelta(), s.maxDelta());
    }
    if (step instanceof AugmentationStep.RandomAdjustHue s) {
      return new RandomAdjustHue(s.maxDelta());
    }
    if (step instanceof AugmentationStep.RandomDistortColor s) {
      return new RandomDistortColor(s.colorOrdering());
    }
    if (step instanceof AugmentationStep.RandomImageScale s) {
      return new RandomImageScale(s.minScaleRatio(), s.maxScaleRatio());
    }
    if (step instanceof AugmentationStep.RandomJitterBoxes s) {
      return new RandomJitterBoxes(
          s.ratio(), RandomJitterBoxes.JitterMode.valueOf(s.jitterMode().name()));
    }
    if (step instanceof AugmentationStep.RandomBlackPatches s) {
      return new RandomBlackPatches(s.maxBlackPatches(), s.probability(), s.sizeToImageRatio());
    }
    if (step instanceof AugmentationStep.RandomRgbToGray s) {
      return new RandomRgbToGray(s.probability());
    }
    if (step instanceof AugmentationStep.RandomPixelValueScale s) {
      return new RandomPixelValueScale(s.minval(), s.maxval());
    }
    return null; // Unknown: reported by unsupportedFields
  }

  private static Augmentation ssdRandomCrop(AugmentationStep.SsdRandomCrop s) {
    if (s.operations().isEmpty()) {
      return SsdRandomCrop.defaults();
    }
    List<CropOperation> ops = new ArrayList<>();
    for (AugmentationStep.SsdCropOperation o : s.operations()) {
      ops.add(
          new CropOperation(
              o.minObjectCovered(),
              o.minAspectRatio(),
              o.maxAspectRatio(),
              o.minArea(),
              o.maxArea(),
              o.overlapThresh(),
              o.clipBoxes(),
              o.randomCoef()));
    }
    return new SsdRandomCrop(ops);
  }

  private static Augmentation pad(AugmentationStep.RandomPadImage s) {
    RandomPadImage p = RandomPadImage.defaults();
    if (s.minImageHeight().isPresent() && s.minImageWidth().isPresent()) {
      p =
          p.withMinImageSize(
              (int) s.minImageHeight().getAsDouble(), (int) s.minImageWidth().getAsDouble());
    }
    if (s.maxImageHeight().isPresent() && s.maxImageWidth().isPresent()) {
      p =
          p.withMaxImageSize(
              (int) s.maxImageHeight().getAsDouble(), (int) s.maxImageWidth().getAsDouble());
    }
    if (s.padColor().size() == 3) {
      p =
          p.withPadColor(
              s.padColor().get(0).floatValue(),
              s.padColor().get(1).floatValue(),
              s.padColor().get(2).floatValue());
    }
    return p;
  }
}
