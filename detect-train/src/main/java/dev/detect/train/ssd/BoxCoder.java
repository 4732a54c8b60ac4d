package dev.detect.train.ssd;

/**
 * The OD API's {@code faster_rcnn_box_coder}: a box relative to an anchor as {@code [ty, tx, th,
 * tw]} = {@code [(yc - yca) / ha * sy, (xc - xca) / wa * sx, log(h / ha) * sh, log(w / wa) * sw]},
 * with {@code 1e-8} added to every height and width.
 *
 * @param yScale scale of ty (10 in the OD API)
 * @param xScale scale of tx (10)
 * @param heightScale scale of th (5)
 * @param widthScale scale of tw (5)
 */
public record BoxCoder(double yScale, double xScale, double heightScale, double widthScale) {
  private static final double EPSILON = 1e-8;

  /** The OD API default scales (10, 10, 5, 5). */
  public static BoxCoder defaults() {
    return new BoxCoder(10, 10, 5, 5);
  }

  /** The code size: 4. */
  public int codeSize() {
    return 4;
  }

  /**
   * Encodes a box given as {@code ymin, xmin, ymax, xmax} against an anchor given as {@code
   * ycenter, xcenter, height, width}; writes 4 values to {@code out[off..off+3]}.
   */
  public void encode(
      float[] anchor, double ymin, double xmin, double ymax, double xmax, float[] out, int off) {
    double ha = anchor[2] + EPSILON;
    double wa = anchor[3] + EPSILON;
    double h = ymax - ymin + EPSILON;
    double w = xmax - xmin + EPSILON;
    double yc = (ymin + ymax) / 2;
    double xc = (xmin + xmax) / 2;
    out[off] = (float) ((yc - anchor[0]) / ha * yScale);
    out[off + 1] = (float) ((xc - anchor[1]) / wa * xScale);
    out[off + 2] = (float) (Math.log(h / ha) * heightScale);
    out[off + 3] = (float) (Math.log(w / wa) * widthScale);
  }

  /**
   * Decodes {@code code[off..off+3]} against {@code anchor} to {@code ymin, xmin, ymax, xmax} (as
   * the OD API, without the epsilon).
   */
  public double[] decode(float[] anchor, float[] code, int off) {
    double ha = anchor[2];
    double wa = anchor[3];
    double yc = code[off] / yScale * ha + anchor[0];
    double xc = code[off + 1] / xScale * wa + anchor[1];
    double h = Math.exp(code[off + 2] / heightScale) * ha;
    double w = Math.exp(code[off + 3] / widthScale) * wa;
    return new double[] {yc - h / 2, xc - w / 2, yc + h / 2, xc + w / 2};
  }
}
