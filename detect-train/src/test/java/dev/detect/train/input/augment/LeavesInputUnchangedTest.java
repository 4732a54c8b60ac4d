package dev.detect.train.input.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.train.input.ImageBoxes;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The steps that declare {@link Augmentation#leavesInputUnchanged()} (so that the input pipeline
 * hands them the cached decoded image itself) really leave every array of their input as it was;
 * the steps that change pixels in place do not declare it.
 */
class LeavesInputUnchangedTest {

  @Provide
  Arbitrary<Augmentation> declared() {
    return Arbitraries.of(
        new RandomHorizontalFlip(1.0),
        RandomHorizontalFlip.defaults(),
        new RandomVerticalFlip(1.0),
        new RandomRotation90(1.0),
        SsdRandomCrop.defaults(),
        RandomCropImage.defaults(),
        new RandomCropImage(new CropOperation(0.0, 0.5, 2.0, 0.1, 1.0, 0.0, true, 0.0)),
        new RandomImageScale(0.5, 2.0),
        RandomPadImage.defaults(),
        RandomPadImage.defaults().withPadColor(0, 0, 0).withMaxImageSize(300, 300),
        RandomJitterBoxes.defaults());
  }

  @Property(tries = 400)
  void declaredSteps_leaveTheirInputAsItWas(
      @ForAll("declared") Augmentation aug,
      @ForAll @IntRange(min = 40, max = 120) int h,
      @ForAll @IntRange(min = 40, max = 120) int w,
      @ForAll @IntRange(min = 1, max = 3) int n,
      @ForAll long seed) {
    assertTrue(aug.leavesInputUnchanged(), aug.toString());
    ImageBoxes in = Scenes.draw(h, w, n, seed);
    ImageBoxes before = in.copy();
    ImageBoxes out = aug.apply(in, new SplittableRandom(seed));
    assertArrayEquals(before.pixels(), in.pixels(), aug + ": pixels changed");
    assertEquals(before.numObjects(), in.numObjects());
    for (int i = 0; i < before.numObjects(); i++) {
      assertArrayEquals(before.boxes()[i], in.boxes()[i], aug + ": box " + i + " changed");
    }
    assertArrayEquals(before.classes(), in.classes());
    assertArrayEquals(before.weights(), in.weights());
    assertEquals(aug.apply(before, new SplittableRandom(seed)).numObjects(), out.numObjects());
  }

  @Property(tries = 100)
  void declaredSteps_leaveANegativeImageAsItWas(
      @ForAll("declared") Augmentation aug, @ForAll long seed) {
    float[] pixels = new float[30 * 40 * 3];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = r.nextInt(256);
    }
    ImageBoxes in = ImageBoxes.ofImage(pixels, 30, 40, "negative");
    float[] before = pixels.clone();
    aug.apply(in, new SplittableRandom(seed));
    assertArrayEquals(before, in.pixels(), aug + ": pixels changed");
  }

  @Test
  void inPlaceSteps_doNotDeclareIt() {
    for (Augmentation a :
        List.of(
            RandomAdjustBrightness.defaults(),
            RandomAdjustContrast.defaults(),
            RandomAdjustSaturation.defaults(),
            RandomAdjustHue.defaults(),
            new RandomDistortColor(0),
            RandomRgbToGray.defaults(),
            RandomBlackPatches.defaults(),
            RandomPixelValueScale.defaults())) {
      assertFalse(a.leavesInputUnchanged(), a.toString());
    }
  }
}
