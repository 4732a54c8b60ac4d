package dev.detect.core.config;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.textproto.TextProtoDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** All typed values of a config, read once (so type errors surface when the config is read). */
record TypedView(
    ModelType modelType,
    int numClasses,
    ImageResizer imageResizer,
    FeatureExtractor featureExtractor,
    Optional<SsdAnchorGenerator> anchorGenerator,
    Optional<FasterRcnnBoxCoder> boxCoder,
    Optional<ArgmaxMatcher> matcher,
    Optional<ConvolutionalBoxPredictor> boxPredictor,
    Optional<MultiscaleAnchorGenerator> multiscaleAnchorGenerator,
    Optional<WeightSharedBoxPredictor> weightSharedBoxPredictor,
    Loss loss,
    boolean normalizeLossByNumMatches,
    boolean normalizeLocLossByCodesize,
    boolean encodeBackgroundAsZeros,
    PostProcessing postProcessing,
    boolean hasTrainConfig,
    TrainConfig trainConfig,
    boolean hasTrainInput,
    InputReader trainInput,
    List<InputReader> evalInputs,
    EvalConfig evalConfig) {

  static TypedView of(TextProtoDocument doc) throws DatasetFormatException {
    Node root = Node.root(doc);
    Node modelNode = root.child("model");
    ModelType type =
        modelNode
            .oneof("ssd", "faster_rcnn", "center_net", "experimental_model")
            .flatMap(ModelType::ofProtoName)
            .orElse(ModelType.NONE);
    Node model = modelNode.child(type == ModelType.NONE ? "-" : type.protoName());
    String post =
        type == ModelType.FASTER_RCNN ? "second_stage_post_processing" : "post_processing";
    List<InputReader> evals = new ArrayList<>();
    for (Node e : root.each("eval_input_reader")) {
      evals.add(TrainReaders.inputReader(e));
    }
    return new TypedView(
        type,
        model.int32("num_classes", 0),
        ModelReaders.imageResizer(model),
        ModelReaders.featureExtractor(model),
        ModelReaders.anchorGenerator(model),
        ModelReaders.boxCoder(model),
        ModelReaders.matcher(model),
        ModelReaders.boxPredictor(model),
        ModelReaders.multiscaleAnchorGenerator(model),
        ModelReaders.weightSharedBoxPredictor(model),
        ModelReaders.loss(model),
        model.bool("normalize_loss_by_num_matches", true),
        model.bool("normalize_loc_loss_by_codesize", false),
        model.bool("encode_background_as_zeros", false),
        ModelReaders.postProcessing(model.child(post)),
        root.child("train_config").present(),
        TrainReaders.trainConfig(root.child("train_config")),
        root.child("train_input_reader").present(),
        TrainReaders.inputReader(root.child("train_input_reader")),
        List.copyOf(evals),
        TrainReaders.evalConfig(root.child("eval_config")));
  }
}
