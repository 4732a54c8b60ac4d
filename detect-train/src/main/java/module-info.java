/**
 * Training, export and detection on TensorFlow Java. Exported: what a host application calls
 * ({@code Trainer} and its options, results and listeners; {@code Exporter}; {@code Detector}). The
 * network, input pipeline, checkpoint and TensorBoard internals are exported only to the CLI's
 * module, whose benchmarks measure them.
 */
@SuppressWarnings("module") // the qualified exports name a module built after this one
module dev.detect.train {
  requires transitive dev.detect.io;
  requires transitive tensorflow;
  requires org.slf4j;
  requires transitive java.desktop; // Detector.detect(BufferedImage), DetectionDrawer
  requires jdk.unsupported; // sun.misc.Unsafe: BGR pixels straight into tensor memory

  exports dev.detect.train;
  exports dev.detect.train.detector;
  exports dev.detect.train.eval;
  exports dev.detect.train.export;
  exports dev.detect.train.checkpoint to
      dev.detect.examples;
  exports dev.detect.train.input to
      dev.detect.examples;
  exports dev.detect.train.input.augment to
      dev.detect.examples;
  exports dev.detect.train.ssd to
      dev.detect.examples;
}
