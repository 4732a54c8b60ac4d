/** Dataset formats: PASCAL VOC XML, CSV, YOLO, COCO JSON, VIA JSON. No TensorFlow. */
module dev.detect.io {
  requires transitive dev.detect.core;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports dev.detect.io;
  exports dev.detect.io.image;
  exports dev.detect.io.voc;
  exports dev.detect.io.csv;
  exports dev.detect.io.internal to
      dev.detect.train,
      dev.detect.examples;
}
