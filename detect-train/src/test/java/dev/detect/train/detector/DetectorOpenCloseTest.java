package dev.detect.train.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.eval.Detection;
import dev.detect.io.internal.ProcessStatus;
import dev.detect.io.synthetic.SyntheticShapes;
import dev.detect.train.MemorySeries;
import dev.detect.train.TinyModels;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading and closing a Detector 30 times, with a few detections each time, releases what each load
 * took: the process's thread count stays that of the first cycle and resident memory stays within a
 * bound of it. (A tiny model left open holds only about 2 MB, and the garbage collector frees it
 * too, through JavaCPP's deallocators; so the test also checks that a closed Detector refuses
 * calls.)
 */
@Tag("slow")
class DetectorOpenCloseTest {
  private static final int CYCLES = 30;

  /**
   * Generous bound on resident-memory growth from the first cycles to the last ({@link
   * MemorySeries}).
   */
  private static final long MAX_GROWTH_KB = 48 * 1024;

  @TempDir Path dir;

  @Test
  void loadAndClose_thirtyTimes_releasesMemoryAndThreads() throws Exception {
    Path export = TinyModels.export(dir, 2);
    BufferedImage image =
        SyntheticShapes.builder().images(1).imageSize(320, 240).seed(5).build().sample(0).image();
    ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(image, "jpeg", jpeg));
    DetectorOptions all = DetectorOptions.builder().minScore(0f).maxResults(100).build();
    List<Detection> expected = null;
    long[] rss = new long[CYCLES];
    long[] threads = new long[CYCLES];
    for (int c = 0; c < CYCLES; c++) {
      Detector closed;
      try (Detector d = Detector.load(export, all)) {
        closed = d;
        List<Detection> found = d.detect(image);
        assertFalse(found.isEmpty());
        if (expected == null) {
          expected = found;
        }
        assertEquals(expected, found, "cycle " + c);
        assertEquals(expected.size(), d.detect(jpeg.toByteArray()).size(), "cycle " + c);
        assertEquals(expected, d.detect(image), "cycle " + c);
      }
      // close() released the model itself (the garbage collector would free it too, later).
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> closed.detect(image));
      assertEquals("this Detector is closed", e.getMessage());
      System.gc();
      rss[c] = ProcessStatus.residentKb().orElse(-1);
      threads[c] = ProcessStatus.threads().orElse(-1);
    }
    MemorySeries.assertFlat("Detector load/close", rss, threads, MAX_GROWTH_KB);
  }
}
