package dev.detect.train;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the OS scheduling priority (nice 19) of the training input threads ({@code detect-input-*}
 * and {@code detect-feed-*}) on Linux, so that they never preempt TensorFlow's compute threads:
 * TensorFlow's ops wait for all their threads, so a core taken by input work for a moment stalls
 * the whole step, while the input threads, kept ahead by their prefetch queues, run in the gaps.
 * When the input cannot keep up, TensorFlow's threads sleep and the input threads get the cores.
 *
 * <p>Java cannot set a thread's nice value, so this reads the thread names of {@code
 * /proc/self/task} and runs {@code renice} on them once. Anywhere else (no {@code /proc}, no {@code
 * renice}) it does nothing.
 */
final class BackgroundPriority {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundPriority.class);

  private BackgroundPriority() {}

  /** Renices the input threads running now; returns how many were lowered. */
  static int lowerInputThreads() {
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return 0;
    }
    List<String> ids = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
      for (Path task : dir) {
        String name;
        try {
          name = Files.readString(task.resolve("comm")).trim();
        } catch (IOException e) {
          continue; // the thread ended while we listed
        }
        if (name.startsWith("detect-input") || name.startsWith("detect-feed")) {
          ids.add(task.getFileName().toString());
        }
      }
    } catch (IOException e) {
      LOG.debug("cannot list threads: {}", e.toString());
      return 0;
    }
    if (ids.isEmpty()) {
      return 0;
    }
    List<String> command = new ArrayList<>(List.of("renice", "-n", "19", "-p"));
    command.addAll(ids);
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        LOG.debug("renice of the input threads timed out");
        return 0;
      }
      if (p.exitValue() != 0) {
        LOG.debug("renice of the input threads failed");
        return 0;
      }
      return ids.size();
    } catch (IOException e) {
      LOG.debug("no renice: {}", e.toString());
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }
}
