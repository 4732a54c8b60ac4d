package dev.detect.train.ssd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/** The {@code faster_rcnn_box_coder}: a hand-computed encoding and encode/decode round trips. */
class BoxCoderTest {
  final BoxCoder coder = BoxCoder.defaults();

  @Test
  void encode_matchesHandComputedValuesWithScales10_10_5_5() {
    // anchor centre (0.5, 0.5), size h 0.2, w 0.4
    float[] anchor = {0.5f, 0.5f, 0.2f, 0.4f};
    // box ymin 0.5 ymax 0.6 -> yc 0.55, h 0.1; xmin 0.2 xmax 1.0 -> xc 0.6, w 0.8
    float[] out = new float[6];
    coder.encode(anchor, 0.5, 0.2, 0.6, 1.0, out, 2);
    // ty = (0.55 - 0.5) / 0.2 * 10 = 2.5;  tx = (0.6 - 0.5) / 0.4 * 10 = 2.5
    // th = ln(0.1 / 0.2) * 5 = -5 ln 2;    tw = ln(0.8 / 0.4) * 5 = 5 ln 2
    assertEquals(0f, out[0]);
    assertEquals(0f, out[1]);
    assertEquals(2.5, out[2], 1e-5);
    assertEquals(2.5, out[3], 1e-5);
    assertEquals(-5 * Math.log(2), out[4], 1e-5);
    assertEquals(5 * Math.log(2), out[5], 1e-5);
    double[] back = coder.decode(anchor, out, 2);
    assertEquals(0.5, back[0], 1e-6);
    assertEquals(0.2, back[1], 1e-6);
    assertEquals(0.6, back[2], 1e-6);
    assertEquals(1.0, back[3], 1e-6);
  }

  @Test
  void encode_usesEachScaleForItsCoordinate() {
    BoxCoder c = new BoxCoder(1, 2, 3, 4);
    float[] anchor = {0.5f, 0.5f, 0.5f, 0.5f};
    float[] out = new float[4];
    // box centre (0.75, 0.25), size h 0.5 * e, w 0.5 / e (e = 1.1 here to stay simple)
    double h = 0.55;
    double w = 0.5 / 1.1;
    c.encode(anchor, 0.75 - h / 2, 0.25 - w / 2, 0.75 + h / 2, 0.25 + w / 2, out, 0);
    assertEquals(0.25 / 0.5 * 1, out[0], 1e-6);
    assertEquals(-0.25 / 0.5 * 2, out[1], 1e-6);
    assertEquals(Math.log(1.1) * 3, out[2], 1e-5);
    assertEquals(-Math.log(1.1) * 4, out[3], 1e-5);
  }

  @Property(tries = 500)
  void decode_ofEncode_isIdentity(
      @ForAll @DoubleRange(min = 0, max = 1) double ayc,
      @ForAll @DoubleRange(min = 0, max = 1) double axc,
      @ForAll @DoubleRange(min = 0.01, max = 1) double ah,
      @ForAll @DoubleRange(min = 0.01, max = 1) double aw,
      @ForAll @DoubleRange(min = 0, max = 0.99) double ymin,
      @ForAll @DoubleRange(min = 0, max = 0.99) double xmin,
      @ForAll @DoubleRange(min = 0.01, max = 1) double bh,
      @ForAll @DoubleRange(min = 0.01, max = 1) double bw) {
    float[] anchor = {(float) ayc, (float) axc, (float) ah, (float) aw};
    double ymax = Math.min(1, ymin + bh);
    double xmax = Math.min(1, xmin + bw);
    float[] code = new float[4];
    coder.encode(anchor, ymin, xmin, ymax, xmax, code, 0);
    double[] box = coder.decode(anchor, code, 0);
    assertEquals(ymin, box[0], 1e-5);
    assertEquals(xmin, box[1], 1e-5);
    assertEquals(ymax, box[2], 1e-5);
    assertEquals(xmax, box[3], 1e-5);
  }

  @Property(tries = 300)
  void encode_ofDecode_isIdentity(
      @ForAll @DoubleRange(min = 0.05, max = 1) double ah,
      @ForAll @DoubleRange(min = 0.05, max = 1) double aw,
      @ForAll @DoubleRange(min = -3, max = 3) double ty,
      @ForAll @DoubleRange(min = -3, max = 3) double tx,
      @ForAll @DoubleRange(min = -3, max = 3) double th,
      @ForAll @DoubleRange(min = -3, max = 3) double tw) {
    float[] anchor = {0.4f, 0.6f, (float) ah, (float) aw};
    float[] code = {(float) ty, (float) tx, (float) th, (float) tw};
    double[] box = coder.decode(anchor, code, 0);
    float[] again = new float[4];
    coder.encode(anchor, box[0], box[1], box[2], box[3], again, 0);
    for (int i = 0; i < 4; i++) {
      assertEquals(code[i], again[i], 1e-4, "coordinate " + i);
    }
  }
}
