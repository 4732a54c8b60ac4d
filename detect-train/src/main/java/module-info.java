/** Training, export and detection on TensorFlow Java. */
module dev.detect.train {
  requires transitive dev.detect.io;
  requires tensorflow;
  requires tensorflow.framework;
  requires org.slf4j;
  requires java.desktop;
}
