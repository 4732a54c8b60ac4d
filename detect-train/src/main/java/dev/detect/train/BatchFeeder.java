package dev.detect.train;

import dev.detect.train.input.Batch;
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

/** Turns a batch into the training graph's feeds: images plus targets assigned in Java. */
final class BatchFeeder {
  private final SsdTrainingGraph model;
  private final TargetAssigner assigner;
  private final int anchors;

  BatchFeeder(SsdTrainingGraph model, SsdSpec spec) {
    this.model = model;
    this.assigner = new TargetAssigner(model.anchors, spec.boxCoder(), spec.matcher());
    this.anchors = model.anchors.length;
  }

  /** The tensors of one step; closing the feed closes them. */
  final class Feed implements AutoCloseable {
    private final List<Tensor> tensors = new ArrayList<>();
    private final TFloat32 images;
    private final TInt32 classes;
    private final TFloat32 classWeights;
    private final TFloat32 boxes;
    private final TFloat32 boxWeights;
    private final int size;

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
      try {
        images =
            track(
                TFloat32.tensorOf(
                    Shape.of(b, batch.height(), batch.width(), 3), DataBuffers.of(batch.images())));
        classes = track(TInt32.tensorOf(Shape.of(b, anchors), DataBuffers.of(cls)));
        classWeights = track(TFloat32.tensorOf(Shape.of(b, anchors), DataBuffers.of(clsW)));
        boxes = track(TFloat32.tensorOf(Shape.of(b, anchors, 4), DataBuffers.of(reg)));
        boxWeights = track(TFloat32.tensorOf(Shape.of(b, anchors), DataBuffers.of(regW)));
      } catch (RuntimeException | Error e) {
        tensors.forEach(Tensor::close); // a later tensor failed: release the earlier ones
        throw e;
      }
    }

    /** The number of images in the batch. */
    int size() {
      return size;
    }

    private <T extends Tensor> T track(T t) {
      tensors.add(t);
      return t;
    }

    /** A runner feeding this batch and {@code learningRate} (a scalar tensor the caller closes). */
    Session.Runner runner(Session session, TFloat32 learningRate) {
      return session
          .runner()
          .feed(model.images, images)
          .feed(model.classTargets, classes)
          .feed(model.classWeights, classWeights)
          .feed(model.boxTargets, boxes)
          .feed(model.boxWeights, boxWeights)
          .feed(model.learningRate, learningRate);
    }

    @Override
    public void close() {
      tensors.forEach(Tensor::close);
    }
  }

  Feed feed(Batch batch) {
    return new Feed(batch);
  }
}
