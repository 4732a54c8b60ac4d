package dev.detect.train.input;

import dev.detect.io.tfrecord.TfRecordFileReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Streams raw records from the files, epoch after epoch, through a seeded shuffle buffer, as the OD
 * API's {@code read_dataset} does: file order shuffled per epoch, {@code repeat} before {@code
 * shuffle} (so the buffer spans epoch boundaries), then drained at the very end. Single-threaded;
 * the order depends only on the seed.
 */
final class RecordSource {
  /**
   * One record and where it came from; {@code record} is null when the record was {@linkplain Known
   * known} and passed over unread.
   */
  record Element(int epoch, int fileIndex, long recordIndex, Path file, byte[] record) {
    String source() {
      return file + "#" + recordIndex;
    }
  }

  /** Receives elements in output order. */
  interface Sink {
    void accept(Element e) throws InterruptedException;
  }

  /**
   * Records whose payload the consumer already holds (decoded in an earlier epoch): their bytes are
   * not read again, and the shuffle buffer holds no copy of them. Called from the reading thread.
   */
  interface Known {
    boolean has(int fileIndex, long recordIndex);
  }

  private final List<Path> files;
  private final Known known;
  private final boolean shuffle;
  private final int bufferSize;
  private final long seed;
  private final int numEpochs;

  RecordSource(
      List<Path> files, Known known, boolean shuffle, int bufferSize, long seed, int numEpochs) {
    this.files = files;
    this.known = known;
    this.shuffle = shuffle;
    this.bufferSize = bufferSize;
    this.seed = seed;
    this.numEpochs = numEpochs;
  }

  /**
   * Emits every element of every epoch; returns normally at the end (finite epochs).
   *
   * @throws IOException from the record reader (file and record named)
   */
  void run(Sink sink) throws IOException, InterruptedException {
    SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
    List<Element> buffer = new ArrayList<>();
    for (int epoch = 0; numEpochs == 0 || epoch < numEpochs; epoch++) {
      long count = 0;
      for (int f : fileOrder(epoch)) {
        try (TfRecordFileReader r = TfRecordFileReader.open(files.get(f))) {
          while (true) {
            long index = r.index();
            byte[] payload = null;
            if (known.has(f, index)) {
              if (!r.skip()) {
                break;
              }
            } else {
              Optional<byte[]> rec = r.next();
              if (rec.isEmpty()) {
                break;
              }
              payload = rec.get();
            }
            Element e = new Element(epoch, f, index, files.get(f), payload);
            count++;
            if (!shuffle) {
              sink.accept(e);
            } else if (buffer.size() < bufferSize) {
              buffer.add(e);
            } else {
              int i = rng.nextInt(buffer.size());
              sink.accept(buffer.get(i));
              buffer.set(i, e);
            }
            if (Thread.interrupted()) {
              throw new InterruptedException();
            }
          }
        }
      }
      if (count == 0) {
        throw new IOException("the record files hold no records: " + files);
      }
    }
    while (!buffer.isEmpty()) {
      int i = rng.nextInt(buffer.size());
      Element e = buffer.get(i);
      buffer.set(i, buffer.get(buffer.size() - 1));
      buffer.remove(buffer.size() - 1);
      sink.accept(e);
    }
  }

  private List<Integer> fileOrder(int epoch) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      order.add(i);
    }
    if (shuffle && files.size() > 1) {
      Collections.shuffle(order, new Random(seed * 31 + epoch));
    }
    return order;
  }
}
