/** Annotation model, label map, splitting, text-proto model: no I/O format, no TensorFlow. */
@SuppressWarnings("module") // the qualified export names modules built after this one
module dev.detect.core {
  exports dev.detect.core;
  exports dev.detect.core.box;
  exports dev.detect.core.annotation;
  exports dev.detect.core.labelmap;
  exports dev.detect.core.textproto;
  exports dev.detect.core.split;
  exports dev.detect.core.eval;
  exports dev.detect.core.config;
  exports dev.detect.core.internal to
      dev.detect.io,
      dev.detect.train,
      dev.detect.examples;
}
