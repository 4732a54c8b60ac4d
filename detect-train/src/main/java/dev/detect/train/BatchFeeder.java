package dev.detect.train;

import dev.detect.train.input.Batch;
import dev.detect.train.internal.ReusePool;
import dev.detect.train.ssd.SsdSpec;
import dev.detect.train.ssd.SsdTrainingGraph;
import dev.detect.train.ssd.TargetAssigner;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Turns a batch into the training graph's feeds: images plus targets assigned in Java. The feed
 * tensors are reused: a closed {@link Feed} gives its tensors back and the next feed of the same
 * batch size overwrites them, because a fresh 2–10 MB tensor per step costs the page faults of new
 * memory and, when freed, the other cores' TLB flushes, in the middle of TensorFlow's step. Close
 * the feeder to release the kept tensors.
 */
final class BatchFeeder implements AutoCloseable {
  /** Tensor sets kept for reuse: the step's, the one being prepared, and one spare. */
  private static final int KEEP = 3;

  private final SsdTrainingGraph model;
  private final TargetAssigner assigner;
  private final int anchors;
  private final ReusePool<Tensors> pool = new ReusePool<>(KEEP, Tensors::close);

  BatchFeeder(SsdTrainingGraph model, SsdSpec spec) {
    this.model = model;
    this.assigner = new TargetAssigner(model.anchors, spec.boxCoder(), spec.matcher());
    this.anchors = model.anchors.length;
  }

  /** The five feed tensors of one batch shape. */
  private record Tensors(
      TFloat32 images,
      TInt32 classes,
      TFloat32 classWeights,
      TFloat32 boxes,
      TFloat32 boxWeights,
      Shape imageShape) {
    void close() {
      for (Tensor t : List.of(images, classes, classWeights, boxes, boxWeights)) {
        t.close();
      }
    }
  }

  /** Idle tensors of this image shape, or new ones. */
  private Tensors take(Shape imageShape) {
    Tensors idle = pool.take(t -> t.imageShape().equals(imageShape));
    if (idle != null) {
      return idle;
    }
    long b = imageShape.get(0);
    List<Tensor> made = new ArrayList<>();
    try {
      TFloat32 images = add(made, TFloat32.tensorOf(imageShape));
      TInt32 classes = add(made, TInt32.tensorOf(Shape.of(b, anchors)));
      TFloat32 classWeights = add(made, TFloat32.tensorOf(Shape.of(b, anchors)));
      TFloat32 boxes = add(made, TFloat32.tensorOf(Shape.of(b, anchors, 4)));
      TFloat32 boxWeights = add(made, TFloat32.tensorOf(Shape.of(b, anchors)));
      return new Tensors(images, classes, classWeights, boxes, boxWeights, imageShape);
    } catch (RuntimeException | Error e) {
      made.forEach(Tensor::close); // a later tensor failed: release the earlier ones
      throw e;
    }
  }

  private static <T extends Tensor> T add(List<Tensor> made, T t) {
    made.add(t);
    return t;
  }

  /** The tensors of one step; closing the feed gives them back for reuse. */
  final class Feed implements AutoCloseable {
    private final Tensors tensors;
    private final int size;
    private boolean done;

    Feed(Batch batch) {
      int b = batch.size();
      this.size = b;
      int[] cls = new int[b * anchors];
      float[] clsW = new float[b * anchors];
      float[] reg = new float[b * anchors * 4];
      float[] regW = new float[b * anchors];
      for (int i = 0; i < b; i++) {
        TargetAssigner.Targets t =
            assigner.assign(batch.boxes().get(i), batch.classes().get(i), batch.weights().get(i));
        System.arraycopy(t.classes(), 0, cls, i * anchors, anchors);
        System.arraycopy(t.classWeights(), 0, clsW, i * anchors, anchors);
        System.arraycopy(t.regression(), 0, reg, i * anchors * 4, anchors * 4);
        System.arraycopy(t.regressionWeights(), 0, regW, i * anchors, anchors);
      }
      tensors = take(Shape.of(b, batch.height(), batch.width(), 3));
      try {
        tensors.images().copyFrom(DataBuffers.of(batch.images(), true, false));
        tensors.classes().copyFrom(DataBuffers.of(cls, true, false));
        tensors.classWeights().copyFrom(DataBuffers.of(clsW, true, false));
        tensors.boxes().copyFrom(DataBuffers.of(reg, true, false));
        tensors.boxWeights().copyFrom(DataBuffers.of(regW, true, false));
      } catch (RuntimeException | Error e) {
        tensors.close();
        throw e;
      }
    }

    /** The number of images in the batch. */
    int size() {
      return size;
    }

    /** A runner feeding this batch and {@code learningRate} (a scalar tensor the caller closes). */
    Session.Runner runner(Session session, TFloat32 learningRate) {
      return session
          .runner()
          .feed(model.images, tensors.images())
          .feed(model.classTargets, tensors.classes())
          .feed(model.classWeights, tensors.classWeights())
          .feed(model.boxTargets, tensors.boxes())
          .feed(model.boxWeights, tensors.boxWeights())
          .feed(model.learningRate, learningRate);
    }

    /** Gives the tensors back for the next feed (once). */
    @Override
    public void close() {
      if (!done) {
        done = true;
        pool.giveBack(tensors);
      }
    }
  }

  Feed feed(Batch batch) {
    return new Feed(batch);
  }

  /** Closes the kept tensors; feeds closed afterwards close theirs. */
  @Override
  public void close() {
    pool.close();
  }
}
