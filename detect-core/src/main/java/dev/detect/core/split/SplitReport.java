package dev.detect.core.split;

import dev.detect.core.annotation.AnnotationSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What a split did: per-class image and object counts on each side, totals, negatives, and the
 * settings (seed, fraction) needed to reproduce it. Immutable; {@link #toText()} is the table the
 * CLI prints and {@link #toMap()} the values for JSON.
 */
public final class SplitReport {
  private final List<ClassSplit> classes;
  private final int trainImages;
  private final int evalImages;
  private final int trainObjects;
  private final int evalObjects;
  private final int trainNegatives;
  private final int evalNegatives;
  private final int targetTrainImages;
  private final double trainFraction;
  private final long seed;
  private final boolean stratified;

  private SplitReport(
      AnnotationSet train,
      AnnotationSet eval,
      double trainFraction,
      long seed,
      boolean stratified) {
    this.classes = classSplits(train, eval);
    this.trainImages = train.size();
    this.evalImages = eval.size();
    this.trainObjects = train.objectCount();
    this.evalObjects = eval.objectCount();
    this.trainNegatives = train.negativeCount();
    this.evalNegatives = eval.negativeCount();
    this.targetTrainImages = SplitState.targetTrainImages(trainImages + evalImages, trainFraction);
    this.trainFraction = trainFraction;
    this.seed = seed;
    this.stratified = stratified;
  }

  /**
   * Counts the given sides.
   *
   * @param trainFraction the requested share of train images and objects, in (0, 1)
   * @param seed the seed the split used
   * @param stratified whether the split was stratified by class
   */
  public static SplitReport of(
      AnnotationSet train,
      AnnotationSet eval,
      double trainFraction,
      long seed,
      boolean stratified) {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(eval, "eval");
    StratifiedSplitter.checkFraction(trainFraction);
    return new SplitReport(train, eval, trainFraction, seed, stratified);
  }

  private static List<ClassSplit> classSplits(AnnotationSet train, AnnotationSet eval) {
    Map<String, Integer> trainImg = train.imageCountsPerClass();
    Map<String, Integer> evalImg = eval.imageCountsPerClass();
    Map<String, Integer> trainObj = train.classCounts();
    Map<String, Integer> evalObj = eval.classCounts();
    TreeSet<String> labels = new TreeSet<>(trainObj.keySet());
    labels.addAll(evalObj.keySet());
    List<ClassSplit> out = new ArrayList<>();
    for (String label : labels) {
      out.add(
          new ClassSplit(
              label,
              trainImg.getOrDefault(label, 0),
              trainObj.getOrDefault(label, 0),
              evalImg.getOrDefault(label, 0),
              evalObj.getOrDefault(label, 0)));
    }
    return List.copyOf(out);
  }

  /** One row per class, sorted by label ({@link String#compareTo}). */
  public List<ClassSplit> classes() {
    return classes;
  }

  /** Number of train images. */
  public int trainImages() {
    return trainImages;
  }

  /** Number of eval images. */
  public int evalImages() {
    return evalImages;
  }

  /** Number of objects on the train side. */
  public int trainObjects() {
    return trainObjects;
  }

  /** Number of objects on the eval side. */
  public int evalObjects() {
    return evalObjects;
  }

  /** Number of train images with no object. */
  public int trainNegatives() {
    return trainNegatives;
  }

  /** Number of eval images with no object. */
  public int evalNegatives() {
    return evalNegatives;
  }

  /** {@code round(trainFraction × images)}, kept in {@code [1, images - 1]} from 2 images on. */
  public int targetTrainImages() {
    return targetTrainImages;
  }

  /** The requested train fraction, in (0, 1). */
  public double trainFraction() {
    return trainFraction;
  }

  /** The seed of the split: the same input, seed and settings give the same split. */
  public long seed() {
    return seed;
  }

  /** Whether the split was stratified by class. */
  public boolean stratified() {
    return stratified;
  }

  /** The largest {@code |trainObjectFraction - trainFraction|} over all classes; 0 if none. */
  public double maxObjectFractionDeviation() {
    double max = 0;
    for (ClassSplit c : classes) {
      max = Math.max(max, Math.abs(c.trainObjectFraction() - trainFraction));
    }
    return max;
  }

  /** Human-readable notes, e.g. a class found on one side only (so eval cannot measure it). */
  public List<String> warnings() {
    List<String> out = new ArrayList<>();
    for (ClassSplit c : classes) {
      if (!c.onBothSides()) {
        out.add(
            "class '"
                + c.label()
                + "' has "
                + c.totalImages()
                + (c.totalImages() == 1 ? " image" : " images")
                + ", all on the "
                + (c.trainImages() > 0 ? "train" : "eval")
                + " side"
                + (c.totalImages() == 1
                    ? ": annotate more images of it"
                    : ": its images share one group, or no split could separate them"));
      }
    }
    return List.copyOf(out);
  }

  /**
   * An aligned text table: {@code class | train images | train objects | eval images | eval objects
   * | train object %}, a row for negative images, a total row, a summary line and any {@link
   * #warnings()}.
   */
  public String toText() {
    return SplitReportText.format(this);
  }

  /**
   * The values as nested maps and lists for a JSON writer, with stable keys: {@code seed}, {@code
   * trainFraction}, {@code stratified}, {@code targetTrainImages}, {@code train} and {@code eval}
   * (each {@code images}, {@code objects}, {@code negatives}), {@code classes} (list of {@code
   * label}, {@code trainImages}, {@code trainObjects}, {@code evalImages}, {@code evalObjects},
   * {@code trainObjectFraction}), {@code maxObjectFractionDeviation} and {@code warnings}.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seed", seed);
    m.put("trainFraction", trainFraction);
    m.put("stratified", stratified);
    m.put("targetTrainImages", targetTrainImages);
    m.put("train", side(trainImages, trainObjects, trainNegatives));
    m.put("eval", side(evalImages, evalObjects, evalNegatives));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ClassSplit c : classes) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("label", c.label());
      row.put("trainImages", c.trainImages());
      row.put("trainObjects", c.trainObjects());
      row.put("evalImages", c.evalImages());
      row.put("evalObjects", c.evalObjects());
      row.put("trainObjectFraction", c.trainObjectFraction());
      rows.add(Collections.unmodifiableMap(row));
    }
    m.put("classes", List.copyOf(rows));
    m.put("maxObjectFractionDeviation", maxObjectFractionDeviation());
    m.put("warnings", warnings());
    return Collections.unmodifiableMap(m);
  }

  private static Map<String, Object> side(int images, int objects, int negatives) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("images", images);
    m.put("objects", objects);
    m.put("negatives", negatives);
    return Collections.unmodifiableMap(m);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SplitReport r
        && classes.equals(r.classes)
        && trainImages == r.trainImages
        && evalImages == r.evalImages
        && trainNegatives == r.trainNegatives
        && evalNegatives == r.evalNegatives
        && Double.compare(trainFraction, r.trainFraction) == 0
        && seed == r.seed
        && stratified == r.stratified;
  }

  @Override
  public int hashCode() {
    return Objects.hash(classes, trainImages, evalImages, trainFraction, seed, stratified);
  }

  @Override
  public String toString() {
    return "SplitReport{train=" + trainImages + ", eval=" + evalImages + ", seed=" + seed + "}";
  }
}
