/** A host application of detect: on the module path it needs only detect-train's module. */
module com.example.consumer {
  requires dev.detect.train;
}
