package dev.detect.examples;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.config.PipelineConfig;
import dev.detect.core.config.Preset;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.core.labelmap.LabelMapFormat;
import dev.detect.core.split.Split;
import dev.detect.core.split.StratifiedSplitter;
import dev.detect.io.ReadResult;
import dev.detect.io.ReaderOptions;
import dev.detect.io.csv.CsvAnnotationWriter;
import dev.detect.io.tfrecord.ShardNames;
import dev.detect.io.tfrecord.TfRecordWriter;
import dev.detect.io.validate.DatasetValidator;
import dev.detect.io.validate.ValidationReport;
import dev.detect.io.voc.VocReader;
import java.nio.file.Path;
import java.util.List;

/**
 * A labelImg project (images + PASCAL VOC XML) → validated CSV, stratified split, label map,
 * sharded TFRecords and a pipeline.config ready for {@code detect train} or the Python OD API. Run:
 * {@code PrepareVocDataset <annotations-dir> <images-dir> <output-dir>}.
 */
public final class PrepareVocDataset {
  private PrepareVocDataset() {}

  /** Prepares {@code args[0]} (XML) with {@code args[1]} (images) into {@code args[2]}. */
  public static void main(String[] args) throws Exception {
    Path annotations = Path.of(args[0]);
    Path images = Path.of(args[1]);
    Path out = Path.of(args[2]);
    ReadResult read =
        VocReader.builder()
            .options(ReaderOptions.builder().imageDirectory(images).build())
            .build()
            .read(annotations);
    System.out.println(read.summary());
    AnnotationSet all = read.annotations();
    ValidationReport report =
        DatasetValidator.builder().imageDirectory(images).build().validate(all);
    System.out.println(report.toText());
    if (report.hasErrors()) {
      System.exit(3); // fix the data first: the report names every file
    }
    CsvAnnotationWriter.builder().keepNegatives(true).build().write(all, out.resolve("all.csv"));
    Split split = StratifiedSplitter.builder().trainFraction(0.75).seed(42).build().split(all);
    System.out.println(split.report().toText());
    LabelMap labels = LabelMap.fromLabels(all.labels());
    LabelMapFormat.write(labels, out.resolve("label_map.pbtxt"));
    Path train = out.resolve("train.record");
    // up to 4 shards, never more than the images (an empty shard is refused)
    int shards = Math.max(1, Math.min(4, split.train().size()));
    TfRecordWriter.builder(labels)
        .imageDirectory(images)
        .shards(shards)
        .build()
        .write(split.train(), train);
    TfRecordWriter.builder(labels)
        .imageDirectory(images)
        .build()
        .write(split.eval(), out.resolve("eval.record"));
    PipelineConfig.preset(Preset.SSD_MOBILENET_V2_320X320).toBuilder()
        .numClasses(labels.maxId())
        .labelMapPath(out.resolve("label_map.pbtxt").toString())
        .trainInputPaths(List.of(ShardNames.glob(train, shards)))
        .evalInputPaths(List.of(out.resolve("eval.record").toString()))
        .build()
        .write(out.resolve("pipeline.config"));
    System.out.println("ready: " + out.resolve("pipeline.config"));
  }
}
