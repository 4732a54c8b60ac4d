/** Training, export and detection on TensorFlow Java. */
module dev.detect.train {
  requires transitive dev.detect.io;
  requires transitive tensorflow;
  requires org.slf4j;
  requires java.desktop;
  requires jdk.unsupported; // sun.misc.Unsafe: BGR pixels straight into tensor memory

  exports dev.detect.train;
  exports dev.detect.train.checkpoint;
  exports dev.detect.train.detector;
  exports dev.detect.train.eval;
  exports dev.detect.train.export;
  exports dev.detect.train.input;
  exports dev.detect.train.input.augment;
  exports dev.detect.train.ssd;
  exports dev.detect.train.tensorboard;
}
