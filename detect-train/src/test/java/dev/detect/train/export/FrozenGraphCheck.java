package dev.detect.train.export;

import java.nio.file.Files;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * Run in a fresh JVM with only TensorFlow Java on the class path (no detect class): imports a
 * frozen graph, feeds {@code image_tensor} only and prints the four outputs, one detection a line.
 *
 * <p>Arguments: the {@code .pb}, a file of {@code batch × height × width × 3} RGB bytes, batch,
 * height, width.
 */
public final class FrozenGraphCheck {
  private FrozenGraphCheck() {}

  /** Prints {@code input SHAPE}, then per image {@code num B N} and N lines {@code det B I …}. */
  public static void main(String[] args) throws Exception {
    int batch = Integer.parseInt(args[2]);
    int height = Integer.parseInt(args[3]);
    int width = Integer.parseInt(args[4]);
    byte[] pixels = Files.readAllBytes(Path.of(args[1]));
    try (Graph g = new Graph()) {
      g.importGraphDef(GraphDef.parseFrom(Files.readAllBytes(Path.of(args[0]))));
      System.out.println("input " + g.operation("image_tensor").output(0).shape());
      try (Session s = new Session(g);
          TUint8 image =
              TUint8.tensorOf(Shape.of(batch, height, width, 3), DataBuffers.of(pixels));
          Result r =
              s.runner()
                  .feed("image_tensor", image)
                  .fetch("detection_boxes:0")
                  .fetch("detection_scores:0")
                  .fetch("detection_classes:0")
                  .fetch("num_detections:0")
                  .run()) {
        TFloat32 boxes = (TFloat32) r.get(0);
        TFloat32 scores = (TFloat32) r.get(1);
        TFloat32 classes = (TFloat32) r.get(2);
        TFloat32 num = (TFloat32) r.get(3);
        System.out.println("outputs " + boxes.shape() + " " + scores.shape() + " " + num.shape());
        for (int b = 0; b < batch; b++) {
          int n = (int) num.getFloat(b);
          System.out.println("num " + b + " " + n);
          for (int i = 0; i < n; i++) {
            System.out.println(
                "det "
                    + b
                    + " "
                    + i
                    + " "
                    + classes.getFloat(b, i)
                    + " "
                    + scores.getFloat(b, i)
                    + " "
                    + boxes.getFloat(b, i, 0)
                    + " "
                    + boxes.getFloat(b, i, 1)
                    + " "
                    + boxes.getFloat(b, i, 2)
                    + " "
                    + boxes.getFloat(b, i, 3));
          }
        }
      }
    }
  }
}
