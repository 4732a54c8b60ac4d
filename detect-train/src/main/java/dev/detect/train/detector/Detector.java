package dev.detect.train.detector;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.box.NormalizedBox;
import dev.detect.core.eval.Detection;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.core.labelmap.LabelMapFormat;
import dev.detect.io.image.ImageFormat;
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
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * Detects objects with an OD API detection model: a SavedModel with the {@code serving_default}
 * signature (ours from {@code dev.detect.train.export.Exporter}, {@code exporter_main_v2.py}'s, or
 * {@code export_inference_graph.py}'s) or a TF1 frozen graph ({@code frozen_inference_graph.pb}),
 * exported with any of the exporters' {@link InputType}s; see {@link #load(Path, DetectorOptions)}
 * for the files and folders it takes. Thread-safe: {@code detect} may be called from many threads
 * at once; calls share no mutable state, so they give the same results as one after another. Holds
 * the loaded model in native memory: close it ({@link #close()} waits for calls in progress; later
 * calls throw {@link IllegalStateException}).
 *
 * <p>Every {@code detect} returns an immutable list in descending score order, at most {@link
 * DetectorOptions#maxResults()} long, without detections below {@link DetectorOptions#minScore()}
 * or outside {@link DetectorOptions#allowedLabels()}. Each {@link Detection} has the label map's
 * 1-based class id and name ({@code "class N"} for an id the label map lacks), the score in [0, 1],
 * the box normalized to the image in the OD API order {@code ymin, xmin, ymax, xmax} (clipped to
 * [0, 1]) and, through {@link Detection#pixelBox()}, the same box in pixels of the image as given.
 *
 * <p>A model whose image input has a fixed size (e.g. {@code [1, 256, 256, 3]}) gets each image
 * resized to that size first, bilinearly as TensorFlow's {@code ResizeBilinear} (no aligned
 * corners, no half-pixel centers) and rounded to bytes; boxes stay normalized to the whole image,
 * so pixel boxes refer to the image as given. An image that already has that size is fed as it is.
 *
 * <pre>{@code
 * try (Detector detector = Detector.load(exported, DetectorOptions.builder().minScore(0.5f).maxResults(20).build())) {
 *   List<Detection> found = detector.detect(Path.of("dog.jpg"));
 * }
 * }</pre>
 */
public final class Detector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Detector.class);

  private final ModelRunner model;
  private final Session session;

  /** Graph tensor names: the image input, then boxes, scores, classes, num_detections (or null). */
  private final String inputTensor;

  private final String[] outputTensors;

  /** How the model takes its image. */
  private final InputType inputType;

  /** For an encoded-image or Example input: whether it is a scalar rather than a [1] vector. */
  private final boolean scalarInput;

  /** The size every image is resized to, or null when the model takes any size. */
  private final ModelRunner.InputSize fixedSize;

  /**
   * {@code [2, 1, 0]} to feed as {@link SsdInferenceGraph#CHANNEL_ORDER} with BGR pixels, or null
   * when the model has no such input.
   */
  private final TInt32 bgrOrder;

  private final LabelMap labelMap;
  private final Optional<Path> labelMapFile;
  private final DetectorOptions options;
  private final InputTensors inputs =
      new InputTensors(Math.max(2, Runtime.getRuntime().availableProcessors()));
  private volatile boolean closed;

  private Detector(
      ModelRunner model, LabelMap labelMap, Optional<Path> labelMapFile, DetectorOptions options)
      throws DatasetFormatException {
    this.model = model;
    this.session = model.session();
    this.inputTensor = model.inputTensor();
    this.outputTensors = new String[4];
    String[] names = {"detection_boxes", "detection_scores", "detection_classes", "num_detections"};
    for (int i = 0; i < names.length; i++) {
      outputTensors[i] = model.outputTensor(names[i]).orElse(null);
    }
    this.inputType = model.inputType();
    Shape inputShape = model.function().signature().getInputs().get(model.inputKey()).shape;
    this.scalarInput = inputShape != null && inputShape.isScalar();
    this.fixedSize = model.fixedInputSize().orElse(null);
    this.bgrOrder =
        inputType == InputType.IMAGE_TENSOR
                && fixedSize == null
                && acceptsChannelOrder(session.graph())
            ? TInt32.vectorOf(2, 1, 0)
            : null;
    this.labelMap = labelMap;
    this.labelMapFile = labelMapFile;
    this.options = options;
  }

  /** Loads a model (see {@link #load(Path, DetectorOptions)}) with the default options. */
  public static Detector load(Path model) throws IOException {
    return load(model, DetectorOptions.DEFAULT);
  }

  /**
   * Loads a detection model from a file or folder:
   *
   * <ul>
   *   <li>a SavedModel folder (with {@code saved_model.pb}), its {@code saved_model.pb}, or an
   *       export folder with {@code saved_model/} inside ({@code detect export}, {@code
   *       exporter_main_v2.py}, {@code export_inference_graph.py}, the TF1 model-zoo tarball);
   *   <li>a frozen graph {@code .pb} (a {@code GraphDef} with {@code image_tensor}, {@code
   *       encoded_image_string_tensor} or {@code tf_example}, and {@code detection_boxes}, {@code
   *       detection_scores}, {@code detection_classes} and optionally {@code num_detections}), or a
   *       folder with {@code frozen_inference_graph.pb} or a single {@code *.pb}.
   * </ul>
   *
   * A folder with both a SavedModel and a frozen graph loads the SavedModel; {@link #modelSource()}
   * says which file was loaded (also logged at INFO). The label map comes from the options, else
   * from beside the model: {@code label_map.pbtxt}, else a {@code *label_map*.pbtxt}, else the
   * {@code label_map_path} of a {@code pipeline.config} there when that file exists (for a
   * SavedModel, its folder and then the export folder above it); without any, classes are named
   * {@code "class N"}.
   *
   * @throws NoSuchFileException when {@code model} does not exist or is a folder without a model
   * @throws DatasetFormatException naming the file when it is not a detection model: a SavedModel
   *     without a usable {@code serving_default} signature, a {@code .pb} that is neither such a
   *     SavedModel nor a {@code GraphDef} with those nodes (the message lists its placeholders), a
   *     folder with several {@code .pb} files and no standard name (listed), or an unreadable label
   *     map
   */
  public static Detector load(Path model, DetectorOptions options) throws IOException {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(options, "options");
    ModelSource source = ModelLocator.locate(model);
    Optional<Path> labelMapFile =
        options.labelMap().isPresent()
            ? Optional.empty()
            : LabelMapLocator.find(ModelLocator.labelMapFolders(source));
    LabelMap labels =
        options.labelMap().isPresent()
            ? options.labelMap().get()
            : labelMapFile.isPresent()
                ? LabelMapFormat.read(labelMapFile.get())
                : LabelMap.of(List.of());
    ModelRunner runner = ModelLocator.open(source);
    try {
      Detector d = new Detector(runner, labels, labelMapFile, options);
      LOG.info(
          "loaded {}{}{}; label map: {}",
          source,
          d.inputType == InputType.IMAGE_TENSOR ? "" : " (input " + d.inputType.odApiName() + ")",
          d.fixedSize == null
              ? ""
              : " (images resized to " + d.fixedSize.width() + "x" + d.fixedSize.height() + ")",
          options.labelMap().isPresent()
              ? "given"
              : labelMapFile.map(Path::toString).orElse("none found, classes are named 'class N'"));
      return d;
    } catch (IOException | RuntimeException | Error e) {
      runner.close();
      throw e;
    }
  }

  /**
   * Whether the graph has our exports' {@link SsdInferenceGraph#CHANNEL_ORDER} input: an int32
   * {@code [3]} placeholder with a default, which lets BGR pixels in without a conversion.
   */
  private static boolean acceptsChannelOrder(Graph graph) {
    GraphOperation op = graph.operation(SsdInferenceGraph.CHANNEL_ORDER);
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

  /**
   * How the model takes its image (the exporter's {@code --input_type}); the Detector feeds every
   * type from the same images.
   */
  public InputType inputType() {
    return inputType;
  }

  /** Which file was loaded, and whether as a SavedModel or a frozen graph. */
  public ModelSource modelSource() {
    return model.source();
  }

  /**
   * The label map file found beside the model; empty when the options gave the label map or none
   * was found (then {@link #labelMap()} is empty and classes are named {@code "class N"}).
   */
  public Optional<Path> labelMapFile() {
    return labelMapFile;
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
   * a raw call on the same session). For a frozen graph it is a signature built over the graph's
   * {@code image_tensor} and detection outputs. It belongs to this Detector: do not close it; it
   * works until {@link #close()}.
   */
  public SessionFunction signatureFunction() {
    return model.function();
  }

  /**
   * The name of the signature's image input: {@code input_tensor} for TF2 and our exports, {@code
   * inputs} for TF1 SavedModels, the input node for frozen graphs ({@code image_tensor}, {@code
   * encoded_image_string_tensor} or {@code tf_example}).
   */
  public String inputName() {
    return model.inputKey();
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
    if (inputType.encoded()) {
      return runEncoded(encoded, img, source);
    }
    if (inputType == InputType.FLOAT_IMAGE_TENSOR) {
      return runFloats(BilinearResize.bytes(img.pixels()), img.height(), img.width());
    }
    boolean resize = needsResize(img.height(), img.width());
    TUint8 input =
        resize
            ? inputs.take(fixedSize.height(), fixedSize.width())
            : inputs.take(img.height(), img.width());
    try {
      if (resize) {
        BilinearResize.resizeInto(
            BilinearResize.bytes(img.pixels()),
            false,
            img.height(),
            img.width(),
            fixedSize.height(),
            fixedSize.width(),
            input.asRawTensor().data());
      } else {
        RgbPixels.write(img.pixels(), input.asRawTensor().data());
      }
      return run(input, img.width(), img.height());
    } finally {
      inputs.giveBack(input);
    }
  }

  /** Detects objects in an image of any type (RGB, BGR, ARGB, grayscale, indexed …). */
  public List<Detection> detect(BufferedImage image) {
    Objects.requireNonNull(image, "image");
    checkOpen();
    if (inputType.encoded()) {
      byte[] png = EncodedImages.png(RgbPixels.of(image), image.getHeight(), image.getWidth());
      try {
        return runString(png, "png", image.getWidth(), image.getHeight(), "the image");
      } catch (DatasetFormatException e) {
        throw new IllegalStateException("the model could not decode a PNG of the image", e);
      }
    }
    if (inputType == InputType.FLOAT_IMAGE_TENSOR) {
      return runFloats(RgbPixels.of(image), image.getHeight(), image.getWidth());
    }
    if (needsResize(image.getHeight(), image.getWidth())) {
      return runResized(image);
    }
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

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this Detector is closed");
    }
  }

  private List<Detection> run(TUint8 input, int width, int height) {
    return run(input, width, height, false);
  }

  /**
   * Whether an image of this size must be resized for the model: the model has a fixed input size
   * and the image another (an image of that very size goes in as it is, which is what the resize
   * would give).
   */
  private boolean needsResize(int height, int width) {
    return fixedSize != null && (height != fixedSize.height() || width != fixedSize.width());
  }

  /**
   * Runs the model on the image resized to its fixed input size, written straight into the input
   * tensor; the boxes, normalized, hold for the original image.
   */
  private List<Detection> runResized(BufferedImage image) {
    int h = image.getHeight();
    int w = image.getWidth();
    TUint8 input = inputs.take(fixedSize.height(), fixedSize.width());
    try {
      byte[] bgr = RgbPixels.packedBgr(image);
      BilinearResize.resizeInto(
          bgr != null ? bgr : RgbPixels.of(image),
          bgr != null,
          h,
          w,
          fixedSize.height(),
          fixedSize.width(),
          input.asRawTensor().data());
      return run(input, w, h);
    } finally {
      inputs.giveBack(input);
    }
  }

  /**
   * Runs a float-image model on {@code rgb} ({@code height × width} RGB bytes), resized first when
   * the model's input has a fixed size.
   */
  private List<Detection> runFloats(byte[] rgb, int height, int width) {
    byte[] fed = rgb;
    int h = height;
    int w = width;
    if (needsResize(height, width)) {
      h = fixedSize.height();
      w = fixedSize.width();
      fed = BilinearResize.resize(rgb, height, width, h, w);
    }
    float[] values = new float[fed.length];
    for (int i = 0; i < fed.length; i++) {
      values[i] = fed[i] & 0xff;
    }
    try (TFloat32 input = TFloat32.tensorOf(Shape.of(1, h, w, 3), DataBuffers.of(values))) {
      return run(input, width, height, false);
    }
  }

  /**
   * Runs a model that decodes images itself on an image file: JPEG and PNG as they are (TensorFlow
   * decodes them, CMYK JPEGs included), other formats as a PNG of their decoded pixels ({@code
   * img}).
   */
  private List<Detection> runEncoded(byte[] encoded, ImageBoxes img, String source)
      throws DatasetFormatException {
    ImageFormat format = ImageFormat.sniff(encoded, encoded.length).orElse(null);
    if (format == ImageFormat.JPEG || format == ImageFormat.PNG) {
      return runString(encoded, format.odApiName(), img.width(), img.height(), source);
    }
    byte[] png = EncodedImages.png(BilinearResize.bytes(img.pixels()), img.height(), img.width());
    return runString(png, "png", img.width(), img.height(), source);
  }

  /**
   * Runs a model with a string input on an encoded image ({@code format}: {@code jpeg} or {@code
   * png}), as it is or inside the OD API's {@code tf.train.Example}.
   *
   * @throws DatasetFormatException naming {@code source} when the model fails on it
   */
  private List<Detection> runString(
      byte[] file, String format, int width, int height, String source)
      throws DatasetFormatException {
    byte[] value =
        inputType == InputType.TF_EXAMPLE
            ? EncodedImages.example(file, format, width, height, source)
            : file;
    try (TString input =
        TString.tensorOfBytes(
            scalarInput ? NdArrays.scalarOfObject(value) : NdArrays.vectorOfObjects(value))) {
      return run(input, width, height, false);
    } catch (TensorFlowException e) {
      throw new DatasetFormatException(
          source, 0, 0, "the model could not decode or run on it: " + e.getMessage(), e);
    }
  }

  /**
   * Runs the model on {@code input}, RGB or (with {@code bgr}, for a model that accepts {@link
   * SsdInferenceGraph#CHANNEL_ORDER}) BGR, fetching only the outputs used.
   */
  private List<Detection> run(Tensor input, int width, int height, boolean bgr) {
    checkOpen();
    Session.Runner runner = session.runner().feed(inputTensor, input);
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
      float[] boxes = OutputValues.floats(result.get(0));
      float[] scores = OutputValues.floats(result.get(1));
      float[] classes = OutputValues.floats(result.get(2));
      int n = hasCount ? (int) OutputValues.floats(result.get(3))[0] : scores.length;
      List<Detection> out = new ArrayList<>();
      for (int i = 0; i < Math.min(n, scores.length) && out.size() < options.maxResults(); i++) {
        if (scores[i] < options.minScore()) {
          continue;
        }
        int id = Math.round(classes[i]);
        Optional<LabelMap.Item> item = labelMap.item(id);
        String name = item.map(LabelMap.Item::displayNameOrName).orElse("class " + id);
        if (!options.allowedLabels().isEmpty()
            && !options.allowedLabels().contains(name)
            && !item.map(it -> options.allowedLabels().contains(it.name())).orElse(false)) {
          continue;
        }
        int b = 4 * i;
        NormalizedBox box =
            NormalizedBox.ofYxyx(boxes[b], boxes[b + 1], boxes[b + 2], boxes[b + 3]).clip();
        out.add(Detection.of(id, name, scores[i], box, width, height));
      }
      return List.copyOf(out);
    }
  }

  /**
   * Releases the model's native memory (graph, session, variables), after waiting for calls in
   * progress. Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    try {
      model.close();
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
