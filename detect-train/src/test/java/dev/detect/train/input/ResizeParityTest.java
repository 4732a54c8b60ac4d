package dev.detect.train.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.train.input.TensorFlowImageOps.Diff;
import dev.detect.train.ssd.SsdInferenceGraph;
import dev.detect.train.ssd.SsdSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;

/**
 * {@link Resize} against TensorFlow's {@code ResizeBilinear} on real photos of the shared data,
 * with the settings the exported graph uses (read from an {@link SsdInferenceGraph}) and with
 * {@code align_corners=True} ({@code random_image_scale}). Both sides resize the same decoded
 * pixels, so only the resize is compared. Differences are in levels of 255.
 */
class ResizeParityTest {
  /**
   * Bound on any value: float rounding only (measured max 0, mean 0: bit for bit). Both compute
   * {@code top + (bottom - top) * ylerp} of {@code tl + (tr - tl) * xlerp} in float with the same
   * weights.
   */
  static final double MAX = 1e-3;

  /** Bound on the mean difference (measured 0). */
  static final double MEAN = 1e-5;

  @Test
  void exportedGraph_resizesWithHalfPixelCentersAsTraining() {
    try (Graph g = new Graph()) {
      new SsdInferenceGraph(g, SsdSpec.defaults(1, 64, 64, 0.25));
      List<GraphOperation> resizes = new ArrayList<>();
      for (Iterator<GraphOperation> it = g.operations(); it.hasNext(); ) {
        GraphOperation op = it.next();
        if (op.type().startsWith("Resize")) {
          resizes.add(op);
        }
      }
      assertEquals(1, resizes.size(), "resize ops in the inference graph: " + resizes);
      GraphOperation resize = resizes.get(0);
      assertEquals("ResizeBilinear", resize.type());
      // Training resizes with Resize.Convention.HALF_PIXEL_CENTERS (InputPipeline).
      assertTrue(resize.attributes().getAttrBool("half_pixel_centers"));
      assertEquals(false, resize.attributes().getAttrBool("align_corners"));
    }
  }

  /**
   * Downscaling four photos (JPEG 650×417, 640×480, 2048×1371; RGBA PNG 1280×720) to 300×300 and
   * upscaling a grayscale 275×183 to 320×320, half-pixel centers: max ≤ {@value #MAX}, mean ≤
   * {@value #MEAN} levels. Measured: max 0, mean 0.
   */
  @Test
  void halfPixelCenters_matchesResizeBilinearOfTheExportedGraph() {
    Diff worst = new Diff(0, 0, 0);
    for (String photo :
        List.of(SharedPhotos.RACCOON, SharedPhotos.BCCD, SharedPhotos.COCO, SharedPhotos.PNG)) {
      worst = worst.worst(compare(photo, 300, 300, Resize.Convention.HALF_PIXEL_CENTERS));
    }
    worst = worst.worst(compare(SharedPhotos.GRAY, 320, 320, Resize.Convention.HALF_PIXEL_CENTERS));
    assertBounded(worst);
  }

  /**
   * {@code random_image_scale}'s {@code align_corners=True} resize, scaling a photo by 0.5 and by
   * 1.7: max ≤ {@value #MAX}, mean ≤ {@value #MEAN} levels. Measured: max 0, mean 0.
   */
  @Test
  void alignCorners_matchesResizeBilinearAlignCorners() {
    Diff worst = compare(SharedPhotos.RACCOON, 208, 325, Resize.Convention.ALIGN_CORNERS);
    worst = worst.worst(compare(SharedPhotos.BCCD, 816, 1088, Resize.Convention.ALIGN_CORNERS));
    assertBounded(worst);
  }

  /**
   * A crop window, mirrored left-right and top-bottom, resized straight from the source (the
   * training pipeline's fused crop-flip-resize) against TensorFlow's {@code Slice}, {@code Reverse}
   * and {@code ResizeBilinear}: max ≤ {@value #MAX}, mean ≤ {@value #MEAN} levels. Measured: max 0,
   * mean 0.
   */
  @Test
  void flippedWindow_matchesSliceReverseResizeBilinear() {
    ImageBoxes img = SharedPhotos.decoded(SharedPhotos.RACCOON);
    int y = 37;
    int x = 101;
    int h = 211;
    int w = 333;
    float[] java =
        Resize.bilinear(
            img.pixels(),
            img.width(),
            y,
            x,
            h,
            w,
            true,
            true,
            300,
            300,
            Resize.Convention.HALF_PIXEL_CENTERS,
            null);
    float[] tf =
        TensorFlowImageOps.run(
            img.pixels(),
            img.height(),
            img.width(),
            300 * 300 * 3,
            (ops, in) -> {
              var window =
                  ops.reverse(
                      ops.slice(
                          in, ops.constant(new int[] {y, x, 0}), ops.constant(new int[] {h, w, 3})),
                      ops.constant(new int[] {0, 1}));
              return ops.reshape(
                  ops.image.resizeBilinear(
                      ops.expandDims(window, ops.constant(0)),
                      ops.constant(new int[] {300, 300}),
                      org.tensorflow.op.image.ResizeBilinear.halfPixelCenters(true)),
                  ops.constant(new int[] {300, 300, 3}));
            });
    Diff diff = Diff.of(tf, java);
    assertBounded(diff);
  }

  private static Diff compare(String photo, int outHeight, int outWidth, Resize.Convention c) {
    ImageBoxes img = SharedPhotos.decoded(photo);
    float[] java = Resize.bilinear(img, outHeight, outWidth, c).pixels();
    boolean align = c == Resize.Convention.ALIGN_CORNERS;
    float[] tf =
        TensorFlowImageOps.resizeBilinear(
            img.pixels(), img.height(), img.width(), outHeight, outWidth, !align, align);
    return Diff.of(tf, java);
  }

  private static void assertBounded(Diff diff) {
    assertTrue(diff.max() <= MAX && diff.mean() <= MEAN, () -> "Java vs TensorFlow: " + diff);
  }
}
