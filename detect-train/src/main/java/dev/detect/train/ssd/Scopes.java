package dev.detect.train.ssd;

import java.util.HashMap;
import java.util.Map;
import org.tensorflow.op.Ops;

/**
 * Named scopes created once and reused: TF Java renames a sub-scope that is created twice ({@code
 * c0}, {@code c0_1}, …), which would make checkpoint names drift.
 */
final class Scopes {
  private final Ops root;
  private final Map<String, Ops> cache = new HashMap<>();

  Scopes(Ops root) {
    this.root = root;
  }

  Ops root() {
    return root;
  }

  /** The scope for a slash-separated path such as {@code FeatureExtractor/MobilenetV2/Conv}. */
  Ops at(String path) {
    Ops ops = cache.get(path);
    if (ops != null) {
      return ops;
    }
    int slash = path.lastIndexOf('/');
    Ops parent = slash < 0 ? root : at(path.substring(0, slash));
    ops = parent.withSubScope(path.substring(slash + 1));
    cache.put(path, ops);
    return ops;
  }
}
