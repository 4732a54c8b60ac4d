import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TUint8;

/** Run with only TensorFlow Java on the class path: loads an export and prints its outputs. */
public class LoadCheck {
  public static void main(String[] args) throws Exception {
    try (SavedModelBundle b = SavedModelBundle.load(args[0], "serve")) {
      SessionFunction f = b.function("serving_default");
      System.out.println("inputs " + f.signature().inputNames());
      try (TUint8 img = TUint8.tensorOf(Shape.of(1, 97, 131, 3));
          Result r = f.call(Map.of("input_tensor", img))) {
        for (Map.Entry<String, Tensor> e : r) {
          System.out.println("output " + e.getKey() + " " + e.getValue().dataType() + " " + e.getValue().shape());
        }
      }
    }
  }
}
