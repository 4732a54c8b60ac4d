/** Training, export and detection on TensorFlow Java. */
module dev.detect.train {
  requires transitive dev.detect.io;
  requires org.slf4j;
}
