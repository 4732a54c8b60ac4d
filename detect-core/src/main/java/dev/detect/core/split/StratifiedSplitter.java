package dev.detect.core.split;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Splits an {@link AnnotationSet} into train and eval sets <em>by image</em>, seeded and
 * reproducible, stratified over the classes of each image's objects.
 *
 * <p>Unlike the seed script {@code generate_train_eval.py} (which splits CSV rows, so one image can
 * land on both sides with part of its boxes, and is unseeded) every image, or every group of
 * related images given by {@link Builder#groupKey(Function)}, lands on exactly one side, and the
 * same input, seed and settings give the same split on every machine.
 *
 * <p>Stratified ({@link Builder#stratify(boolean)}, the default), the splitter runs iterative
 * stratification (Sechidis, Tsoumakas, Vlahavas 2011) over groups with per-class <em>object</em>
 * counts as the desired amounts, treating negative images as one more class, and then improves the
 * result by moving and swapping groups, so that (where the groups allow it) every class with two or
 * more groups is on both sides, each class's object fraction is close to the requested fraction,
 * and the number of train images is close to {@code round(trainFraction × images)}. Not stratified,
 * it shuffles the groups with the seed and fills the train side up to that count.
 *
 * <p>Immutable and thread-safe; derive variants with {@link #toBuilder()}.
 *
 * <pre>{@code
 * Split split = StratifiedSplitter.builder().trainFraction(0.75).seed(42L).build().split(all);
 * System.out.print(split.report().toText());
 * }</pre>
 */
public final class StratifiedSplitter {
  /** The default train fraction, as {@code generate_train_eval.py -f}. */
  public static final double DEFAULT_TRAIN_FRACTION = 0.75;

  /** The default seed. */
  public static final long DEFAULT_SEED = 42L;

  private final double trainFraction;
  private final long seed;
  private final boolean stratify;
  private final Function<ImageAnnotation, String> groupKey;

  private StratifiedSplitter(Builder b) {
    this.trainFraction = b.trainFraction;
    this.seed = b.seed;
    this.stratify = b.stratify;
    this.groupKey = b.groupKey;
  }

  /** A builder with fraction 0.75, seed 42, stratification on, each image its own group. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this splitter's settings. */
  public Builder toBuilder() {
    return new Builder()
        .trainFraction(trainFraction)
        .seed(seed)
        .stratify(stratify)
        .groupKey(groupKey);
  }

  /** The requested share of images (and of each class's objects) on the train side. */
  public double trainFraction() {
    return trainFraction;
  }

  /** The seed of the pseudo-random choices. */
  public long seed() {
    return seed;
  }

  /** Whether the split is stratified by class. */
  public boolean stratify() {
    return stratify;
  }

  /**
   * Splits {@code set} by image (or group).
   *
   * @return disjoint train and eval sets whose union is {@code set}, each in input order, and a
   *     report
   * @throws NullPointerException if the group key returns null for an image
   */
  public Split split(AnnotationSet set) {
    Objects.requireNonNull(set, "set");
    Groups groups = Groups.of(set, groupKey);
    SplitState state;
    if (stratify) {
      state = StratifiedAssignment.run(groups, trainFraction, seed);
    } else {
      state = new SplitState(groups, trainFraction);
      assignRandomly(state, new SeededRandom(seed));
    }
    return toSplit(set, state);
  }

  private static void assignRandomly(SplitState state, SeededRandom random) {
    Groups groups = state.groups;
    for (int g : Shuffle.permutation(groups.size(), random)) {
      boolean fits = state.images[SplitState.TRAIN] + groups.images(g) <= state.targetTrainImages;
      state.assign(g, fits ? SplitState.TRAIN : SplitState.EVAL);
    }
  }

  private Split toSplit(AnnotationSet set, SplitState state) {
    boolean[] train = new boolean[set.size()];
    for (int g = 0; g < state.groups.size(); g++) {
      for (int i : state.groups.imageIndices[g]) {
        train[i] = state.side[g] == SplitState.TRAIN;
      }
    }
    List<ImageAnnotation> trainImages = new ArrayList<>();
    List<ImageAnnotation> evalImages = new ArrayList<>();
    List<ImageAnnotation> images = set.images();
    for (int i = 0; i < images.size(); i++) {
      (train[i] ? trainImages : evalImages).add(images.get(i));
    }
    AnnotationSet trainSet = AnnotationSet.of(trainImages);
    AnnotationSet evalSet = AnnotationSet.of(evalImages);
    return new Split(
        trainSet, evalSet, SplitReport.of(trainSet, evalSet, trainFraction, seed, stratify));
  }

  static double checkFraction(double fraction) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException(
          "trainFraction must be strictly between 0 and 1, got "
              + fraction
              + " (0.75 puts 75% of the images in train)");
    }
    return fraction;
  }

  @Override
  public String toString() {
    return "StratifiedSplitter{trainFraction="
        + trainFraction
        + ", seed="
        + seed
        + ", stratify="
        + stratify
        + "}";
  }

  /**
   * Collects the settings of a {@link StratifiedSplitter}; reusable, {@link #build()} snapshots.
   */
  public static final class Builder {
    private double trainFraction = DEFAULT_TRAIN_FRACTION;
    private long seed = DEFAULT_SEED;
    private boolean stratify = true;
    private Function<ImageAnnotation, String> groupKey = ImageAnnotation::fileName;

    private Builder() {}

    /**
     * Sets the share of images (and of each class's objects) for the train side.
     *
     * @throws IllegalArgumentException unless {@code 0 < fraction < 1}
     */
    public Builder trainFraction(double fraction) {
      this.trainFraction = checkFraction(fraction);
      return this;
    }

    /** Sets the seed; the same seed and input always give the same split. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Turns stratification by class on (default) or off; off, groups are shuffled with the seed and
     * the train side gets {@code round(trainFraction × images)} images (exactly, when every group
     * is one image).
     */
    public Builder stratify(boolean stratify) {
      this.stratify = stratify;
      return this;
    }

    /**
     * Sets the key that ties images together: images with equal keys (e.g. the frames of one video)
     * always land on the same side. The default is the file name, so each image is its own group.
     * The function must be deterministic and must not return null.
     */
    public Builder groupKey(Function<ImageAnnotation, String> groupKey) {
      this.groupKey = Objects.requireNonNull(groupKey, "groupKey");
      return this;
    }

    /** A splitter with the current settings. */
    public StratifiedSplitter build() {
      return new StratifiedSplitter(this);
    }
  }
}
