/** The detect command line, runnable examples, synthetic data and benchmarks. */
module dev.detect.examples {
  requires dev.detect.io;
  requires dev.detect.train;
  requires info.picocli;
  requires com.fasterxml.jackson.databind;
  requires java.desktop;
  requires java.management; // TrainingBench: CPU time of the input threads
  requires jdk.management; // detect config: the machine's memory beside the training estimate
  requires tensorflow.nativelib;
  requires com.google.protobuf;

  exports dev.detect.examples;

  opens dev.detect.examples.cli to
      info.picocli;
  opens dev.detect.examples.bench to
      info.picocli;
}
