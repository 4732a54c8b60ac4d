package dev.detect.train.input.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.detect.train.input.ImageBoxes;
import dev.detect.train.input.Resize;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Composing flips and crops into one window ({@link Geometry#then}) and resizing straight from it
 * gives bit for bit what applying the steps one by one and then resizing gives: the input
 * pipeline's shortcut changes no training example.
 */
class GeometryTest {
  private static final List<GeometricAugmentation> STEPS =
      List.of(
          new RandomHorizontalFlip(1.0),
          new RandomVerticalFlip(1.0),
          RandomHorizontalFlip.defaults(),
          SsdRandomCrop.defaults(),
          RandomCropImage.defaults(),
          new RandomCropImage(new CropOperation(0.0, 0.5, 2.0, 0.1, 1.0, 0.0, true, 0.0)));

  @Property(tries = 500)
  void composedWindow_equalsTheStepsOneByOne_andSoDoesTheResize(
      @ForAll @IntRange(min = 40, max = 120) int h,
      @ForAll @IntRange(min = 40, max = 120) int w,
      @ForAll @IntRange(min = 1, max = 3) int n,
      @ForAll @IntRange(min = 1, max = 5) int count,
      @ForAll @IntRange(min = 8, max = 64) int outSize,
      @ForAll long seed) {
    ImageBoxes scene = Scenes.draw(h, w, n, seed);
    SplittableRandom pick = new SplittableRandom(seed ^ 0x5DEECE66DL);
    List<GeometricAugmentation> steps = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      steps.add(STEPS.get(pick.nextInt(STEPS.size())));
    }
    // One by one, each step materializing its pixels.
    ImageBoxes sequential = scene.copy();
    SplittableRandom r1 = new SplittableRandom(seed);
    for (GeometricAugmentation s : steps) {
      sequential = s.apply(sequential, r1);
    }
    // Composed, with the same draws.
    SplittableRandom r2 = new SplittableRandom(seed);
    Geometry view = Geometry.identity(Geometry.Layout.of(scene));
    for (GeometricAugmentation s : steps) {
      view = view.then(s.plan(view.out(), r2));
    }
    ImageBoxes composed = view.applyTo(scene);
    assertEquals(sequential.height(), composed.height(), steps.toString());
    assertEquals(sequential.width(), composed.width());
    assertArrayEquals(sequential.pixels(), composed.pixels(), steps.toString());
    assertEquals(sequential.numObjects(), composed.numObjects());
    for (int i = 0; i < sequential.numObjects(); i++) {
      assertArrayEquals(sequential.boxes()[i], composed.boxes()[i]);
    }
    assertArrayEquals(sequential.classes(), composed.classes());
    float[] resizedAfter = Resize.bilinear(sequential, outSize, outSize + 3).pixels();
    float[] resizedFromWindow =
        Resize.bilinear(
            scene.pixels(),
            scene.width(),
            view.y(),
            view.x(),
            view.out().height(),
            view.out().width(),
            view.flipX(),
            view.flipY(),
            outSize,
            outSize + 3,
            Resize.Convention.HALF_PIXEL_CENTERS,
            null);
    assertArrayEquals(resizedAfter, resizedFromWindow, steps.toString());
  }
}
