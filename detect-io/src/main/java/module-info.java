/** Dataset formats: PASCAL VOC XML, CSV, YOLO, COCO JSON, VIA JSON. No TensorFlow. */
module dev.detect.io {
  requires transitive dev.detect.core;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires org.slf4j;
  requires tensorflow.nativelib;
  requires com.google.protobuf;
  requires java.desktop;
  requires jdk.unsupported; // com.sun.nio.file.ExtendedOpenOption.DIRECT for TFRecord writes

  exports dev.detect.io;
  exports dev.detect.io.image;
  exports dev.detect.io.tfrecord;
  exports dev.detect.io.yolo;
  exports dev.detect.io.coco;
  exports dev.detect.io.via;
  exports dev.detect.io.validate;
  exports dev.detect.io.voc;
  exports dev.detect.io.csv;
  exports dev.detect.io.synthetic;
  exports dev.detect.io.plot;
  exports dev.detect.io.internal to
      dev.detect.train,
      dev.detect.examples;
}
