package dev.detect.train.detector;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.box.NormalizedBox;
import dev.detect.core.config.PipelineConfig;
import dev.detect.core.eval.Detection;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.core.labelmap.LabelMapFormat;
import dev.detect.train.input.ImageBoxes;
import dev.detect.train.input.ImageDecoder;
import dev.detect.train.ssd.SsdInferenceGraph;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * Detects objects with a SavedModel that has the OD API's {@code serving_default} signature: ours
 * ({@code dev.detect.train.export.Exporter}) or one exported by the Python OD API. Thread-safe:
 * {@code detect} may be called from many threads at once; calls share no mutable state, so they
 * give the same results as one after another. Holds the loaded model in native memory: close it
 * ({@link #close()} waits for calls in progress; later calls throw {@link IllegalStateException}).
 *
 * <p>Every {@code detect} returns an immutable list in descending score order, at most {@link
 * DetectorOptions#maxResults()} long, without detections below {@link DetectorOptions#minScore()}
 * or outside {@link DetectorOptions#allowedLabels()}. Each {@link Detection} has the label map's
 * 1-based class id and name, the score in [0, 1], the box normalized to the image in the OD API
 * order {@code ymin, xmin, ymax, xmax} (clipped to [0, 1]) and, through {@link
 * Detection#pixelBox()}, the same box in pixels of the image as given.
 *
 * <pre>{@code
 * try (Detector detector = Detector.load(exported, DetectorOptions.builder().minScore(0.5f).maxResults(20).build())) {
 *   List<Detection> found = detector.detect(Path.of("dog.jpg"));
 * }
 * }</pre>
 */
public final class Detector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Detector.class);

  private final SavedModelBundle bundle;
  private final SessionFunction function;
  private final String inputName;

  /** Graph tensor names: the image input, then boxes, scores, classes, num_detections (or null). */
  private final String inputTensor;

  private final String[] outputTensors;

  /**
   * {@code [2, 1, 0]} to feed as {@link SsdInferenceGraph#CHANNEL_ORDER} with BGR pixels, or null
   * when the model has no such input.
   */
  private final TInt32 bgrOrder;

  private final LabelMap labelMap;
  private final DetectorOptions options;
  private final InputTensors inputs =
      new InputTensors(Math.max(2, Runtime.getRuntime().availableProcessors()));
  private volatile boolean closed;

  private Detector(
      SavedModelBundle bundle,
      SessionFunction function,
      String inputName,
      LabelMap labelMap,
      DetectorOptions options) {
    this.bundle = bundle;
    this.function = function;
    this.inputName = inputName;
    Signature sig = function.signature();
    this.inputTensor = sig.getInputs().get(inputName).name;
    this.outputTensors = new String[4];
    String[] names = {"detection_boxes", "detection_scores", "detection_classes", "num_detections"};
    for (int i = 0; i < names.length; i++) {
      Signature.TensorDescription d = sig.getOutputs().get(names[i]);
      outputTensors[i] = d == null ? null : d.name;
    }
    this.bgrOrder = acceptsChannelOrder(bundle) ? TInt32.vectorOf(2, 1, 0) : null;
    this.labelMap = labelMap;
    this.options = options;
  }

  /** Loads an export folder (or its {@code saved_model/}) with the default options. */
  public static Detector load(Path dir) throws IOException {
    return load(dir, DetectorOptions.DEFAULT);
  }

  /**
   * Loads an export folder ({@code out/} with {@code saved_model/} inside, or the {@code
   * saved_model/} folder itself). The label map comes from the options, else the export's {@code
   * label_map.pbtxt}, else the label map its {@code pipeline.config} names; without any, classes
   * are named by their id.
   *
   * @throws NoSuchFileException when there is no {@code saved_model.pb}
   * @throws DatasetFormatException when the model has no usable {@code serving_default} signature
   */
  public static Detector load(Path dir, DetectorOptions options) throws IOException {
    Objects.requireNonNull(options, "options");
    Path savedModel =
        Files.exists(dir.resolve("saved_model/saved_model.pb")) ? dir.resolve("saved_model") : dir;
    if (!Files.exists(savedModel.resolve("saved_model.pb"))) {
      throw new NoSuchFileException(
          savedModel.resolve("saved_model.pb").toString(), null, "not a SavedModel folder");
    }
    Path root = savedModel.equals(dir) ? dir.toAbsolutePath().getParent() : dir;
    LabelMap labels = options.labelMap().orElse(null);
    if (labels == null) {
      labels = findLabelMap(root).orElse(null);
    }
    SavedModelBundle bundle = SavedModelBundle.load(savedModel.toString(), "serve");
    try {
      SessionFunction fn = bundle.function(Signature.DEFAULT_KEY);
      Signature sig = fn.signature();
      String input =
          sig.inputNames().contains("input_tensor")
              ? "input_tensor"
              : sig.inputNames().size() == 1 ? sig.inputNames().iterator().next() : null;
      if (input == null
          || !sig.outputNames()
              .containsAll(List.of("detection_boxes", "detection_scores", "detection_classes"))) {
        throw new DatasetFormatException(
            savedModel,
            "the serving_default signature has inputs "
                + sig.inputNames()
                + " and outputs "
                + sig.outputNames()
                + "; an OD API detection model needs input_tensor and"
                + " detection_boxes, detection_scores, detection_classes");
      }
      if (labels == null) {
        LOG.warn("no label map found for {}; classes are named by their id", dir);
        labels = LabelMap.of(List.of());
      }
      return new Detector(bundle, fn, input, labels, options);
    } catch (IOException | RuntimeException | Error e) {
      bundle.close();
      throw e;
    }
  }

  /**
   * Whether the graph has our exports' {@link SsdInferenceGraph#CHANNEL_ORDER} input: an int32
   * {@code [3]} placeholder with a default, which lets BGR pixels in without a conversion.
   */
  private static boolean acceptsChannelOrder(SavedModelBundle bundle) {
    GraphOperation op = bundle.graph().operation(SsdInferenceGraph.CHANNEL_ORDER);
    return op != null
        && op.type().equals("PlaceholderWithDefault")
        && op.numOutputs() == 1
        && op.output(0).dataType() == DataType.DT_INT32
        && op.output(0).shape().equals(Shape.of(3));
  }

  /** Whether {@link #detect(BufferedImage)} feeds packed BGR images as they are (our exports). */
  boolean takesBgrAsIs() {
    return bgrOrder != null;
  }

  private static Optional<LabelMap> findLabelMap(Path root) throws IOException {
    if (root == null) {
      return Optional.empty();
    }
    Path map = root.resolve("label_map.pbtxt");
    if (Files.exists(map)) {
      return Optional.of(LabelMapFormat.read(map));
    }
    Path config = root.resolve("pipeline.config");
    if (Files.exists(config)) {
      PipelineConfig c = PipelineConfig.read(config);
      if (c.hasTrainInput()
          && !c.trainInput().labelMapPath().isBlank()
          && Files.exists(Path.of(c.trainInput().labelMapPath()))) {
        return Optional.of(LabelMapFormat.read(Path.of(c.trainInput().labelMapPath())));
      }
    }
    return Optional.empty();
  }

  /** The label map naming the classes. */
  public LabelMap labelMap() {
    return labelMap;
  }

  /** The options. */
  public DetectorOptions options() {
    return options;
  }

  /**
   * The model's {@code serving_default} signature as TensorFlow Java's {@link SessionFunction}, for
   * what this API does not cover (other outputs, input tensors built by the caller, comparing with
   * a raw call on the same session). It belongs to this Detector: do not close it; it works until
   * {@link #close()}.
   */
  public SessionFunction signatureFunction() {
    return function;
  }

  /** The name of the signature's image input ({@code input_tensor} for OD API exports). */
  public String inputName() {
    return inputName;
  }

  /**
   * Detects objects in an image file (JPEG, PNG, …; grayscale, CMYK and palette images become RGB).
   *
   * @throws DatasetFormatException naming the file when it is not a decodable image, is a truncated
   *     JPEG or PNG, or declares more than {@link DetectorOptions#maxImagePixels()} pixels (checked
   *     before decoding)
   */
  public List<Detection> detect(Path image) throws IOException {
    return detect(Files.readAllBytes(image), image.toString());
  }

  /**
   * Detects objects in an encoded image.
   *
   * @throws DatasetFormatException when the bytes are not a decodable image, are a truncated JPEG
   *     or PNG, or declare more than {@link DetectorOptions#maxImagePixels()} pixels
   */
  public List<Detection> detect(byte[] encoded) throws IOException {
    return detect(encoded, "image bytes");
  }

  private List<Detection> detect(byte[] encoded, String source) throws DatasetFormatException {
    checkOpen();
    ImageBoxes img = ImageDecoder.decode(encoded, source, options.maxImagePixels());
    TUint8 input = inputs.take(img.height(), img.width());
    try {
      RgbPixels.write(img.pixels(), input.asRawTensor().data());
      return run(input, img.width(), img.height());
    } finally {
      inputs.giveBack(input);
    }
  }

  /** Detects objects in an image of any type (RGB, BGR, ARGB, grayscale, indexed …). */
  public List<Detection> detect(BufferedImage image) {
    Objects.requireNonNull(image, "image");
    checkOpen();
    TUint8 input = inputs.take(image.getHeight(), image.getWidth());
    try {
      byte[] bgr = bgrOrder == null ? null : RgbPixels.packedBgr(image);
      if (bgr != null) {
        // Our exports take BGR as it is: a plain copy, no conversion.
        input.asRawTensor().data().write(bgr, 0, image.getWidth() * image.getHeight() * 3);
        return run(input, image.getWidth(), image.getHeight(), true);
      }
      RgbPixels.write(image, input.asRawTensor().data());
      return run(input, image.getWidth(), image.getHeight());
    } finally {
      inputs.giveBack(input);
    }
  }

  /** Detects objects in each image (one model call per image, as the signature takes batch 1). */
  public List<List<Detection>> detectAll(List<BufferedImage> images) {
    List<List<Detection>> out = new ArrayList<>(images.size());
    for (BufferedImage image : images) {
      out.add(detect(image));
    }
    return out;
  }

  /** Runs the model on {@code input}, a {@code [1, height, width, 3]} tensor. */
  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this Detector is closed");
    }
  }

  private List<Detection> run(TUint8 input, int width, int height) {
    return run(input, width, height, false);
  }

  /**
   * Runs the model on {@code input}, RGB or (with {@code bgr}, for a model that accepts {@link
   * SsdInferenceGraph#CHANNEL_ORDER}) BGR, fetching only the outputs used.
   */
  private List<Detection> run(TUint8 input, int width, int height, boolean bgr) {
    checkOpen();
    Session.Runner runner = bundle.session().runner().feed(inputTensor, input);
    if (bgr) {
      runner.feed(SsdInferenceGraph.CHANNEL_ORDER, bgrOrder);
    }
    for (int i = 0; i < 3; i++) {
      runner.fetch(outputTensors[i]);
    }
    boolean hasCount = outputTensors[3] != null;
    if (hasCount) {
      runner.fetch(outputTensors[3]);
    }
    try (Result result = runner.run()) {
      float[] boxes = floats(result.get(0));
      float[] scores = floats(result.get(1));
      float[] classes = floats(result.get(2));
      int n = hasCount ? (int) floats(result.get(3))[0] : scores.length;
      List<Detection> out = new ArrayList<>();
      for (int i = 0; i < Math.min(n, scores.length) && out.size() < options.maxResults(); i++) {
        if (scores[i] < options.minScore()) {
          continue;
        }
        int id = Math.round(classes[i]);
        Optional<LabelMap.Item> item = labelMap.item(id);
        String name = item.map(LabelMap.Item::displayNameOrName).orElse(Integer.toString(id));
        if (!options.allowedLabels().isEmpty()
            && !options.allowedLabels().contains(name)
            && !item.map(it -> options.allowedLabels().contains(it.name())).orElse(false)) {
          continue;
        }
        int b = 4 * i;
        NormalizedBox box =
            NormalizedBox.of(boxes[b], boxes[b + 1], boxes[b + 2], boxes[b + 3]).clip();
        out.add(Detection.of(id, name, scores[i], box, width, height));
      }
      return List.copyOf(out);
    }
  }

  /**
   * All values of a numeric tensor as floats, in row-major order (a {@code [1, N, 4]} box tensor
   * gives {@code 4 · N} values), read with one bulk copy.
   */
  private static float[] floats(Tensor t) {
    int n = Math.toIntExact(t.shape().size());
    float[] out = new float[n];
    if (t instanceof TFloat32 f) {
      f.copyTo(DataBuffers.of(out, false, false));
    } else if (t instanceof TFloat64 d) {
      double[] v = new double[n];
      d.copyTo(DataBuffers.of(v, false, false));
      for (int i = 0; i < n; i++) {
        out[i] = (float) v[i];
      }
    } else if (t instanceof TInt64 l) {
      long[] v = new long[n];
      l.copyTo(DataBuffers.of(v, false, false));
      for (int i = 0; i < n; i++) {
        out[i] = v[i];
      }
    } else if (t instanceof TInt32 i32) {
      int[] v = new int[n];
      i32.copyTo(DataBuffers.of(v, false, false));
      for (int i = 0; i < n; i++) {
        out[i] = v[i];
      }
    } else {
      throw new IllegalStateException("unexpected output type " + t.dataType());
    }
    return out;
  }

  /**
   * Releases the model's native memory (graph, session, variables), after waiting for calls in
   * progress. Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    try {
      bundle.close();
    } finally {
      try {
        inputs.close();
      } finally {
        if (bgrOrder != null) {
          bgrOrder.close();
        }
      }
    }
  }
}
