package dev.detect.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writeString_writesTheWholeContent_andLeavesNoTemporary() throws Exception {
    Path target = dir.resolve("sub/label_map.pbtxt");
    AtomicFiles.writeString(target, "item { id: 1 name: 'ä' }\n");
    assertEquals("item { id: 1 name: 'ä' }\n", Files.readString(target, StandardCharsets.UTF_8));
    assertEquals(List.of("sub"), names());
    try (Stream<Path> s = Files.list(dir.resolve("sub"))) {
      assertEquals(List.of(target), s.toList());
    }
  }

  @Test
  void outputs_getTheUmaskPermissionsOfAnyNewFile_andAReplacementKeepsTheTargets()
      throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    // control: what any program creating a file or folder here gets (0666 / 0777 less the umask)
    Path control = Files.createFile(dir.resolve("control"));
    Path controlDir = Files.createDirectory(dir.resolve("control-dir"));
    Path target = dir.resolve("out.csv");
    AtomicFiles.writeString(target, "a");
    assertEquals(Files.getPosixFilePermissions(control), Files.getPosixFilePermissions(target));
    var groupWritable = java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-r--");
    Files.setPosixFilePermissions(target, groupWritable);
    AtomicFiles.writeString(target, "b");
    assertEquals(groupWritable, Files.getPosixFilePermissions(target));
    assertEquals("b", Files.readString(target));
    Path folder = AtomicFiles.newTempDirectory(dir.resolve("export"));
    assertEquals(Files.getPosixFilePermissions(controlDir), Files.getPosixFilePermissions(folder));
  }

  @Test
  void write_replacesAnExistingFile() throws Exception {
    Path target = dir.resolve("a.csv");
    Files.writeString(target, "old old old old");
    AtomicFiles.writeBytes(target, new byte[] {1, 2, 3});
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
    assertEquals(List.of("a.csv"), names());
  }

  @Test
  void write_whenContentFails_leavesTargetUntouched_andNoTemporary() throws Exception {
    Path target = dir.resolve("a.csv");
    Files.writeString(target, "the old version");
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                AtomicFiles.write(
                    target,
                    out -> {
                      out.write("half of the new".getBytes(StandardCharsets.UTF_8));
                      throw new IOException("disk full");
                    }));
    assertEquals("disk full", e.getMessage());
    assertEquals("the old version", Files.readString(target));
    assertEquals(List.of("a.csv"), names());
  }

  @Test
  void write_whenContentFailsUnchecked_leavesNothing() throws Exception {
    Path target = dir.resolve("new.json");
    assertThrows(
        IllegalStateException.class,
        () ->
            AtomicFiles.write(
                target,
                out -> {
                  out.write(1);
                  throw new IllegalStateException("bug");
                }));
    assertEquals(List.of(), names());
  }

  @Test
  void temporaryName_isHidden_andNeverMatchesAReadersPattern() throws Exception {
    // a kill while writing leaves the temporary: it must not look like the file being written
    Path target = dir.resolve("events.out.tfevents.1700000000.host.1.000000");
    List<String> during = new ArrayList<>();
    AtomicFiles.write(target, out -> during.addAll(names()));
    assertEquals(1, during.size(), during.toString());
    String tmp = during.get(0);
    assertTrue(tmp.startsWith(AtomicFiles.TEMP_PREFIX), tmp);
    assertFalse(tmp.contains("tfevents"), tmp);
    assertFalse(tmp.startsWith("ckpt-"), tmp);
    assertTrue(AtomicFiles.isTemporary(dir.resolve(tmp)));
    assertFalse(AtomicFiles.isTemporary(target));
  }

  @Test
  void pendingFile_closedWithoutCommit_leavesNothing_committedBecomesTheTarget() throws Exception {
    Path target = dir.resolve("train.record-00000-of-00001");
    try (AtomicFiles.PendingFile f = AtomicFiles.open(target)) {
      f.stream().write(new byte[] {9, 9});
    }
    assertEquals(List.of(), names());
    try (AtomicFiles.PendingFile f = AtomicFiles.open(target)) {
      f.stream().write(new byte[] {7});
      f.stream().close(); // harmless: commit still flushes and renames
      assertEquals(target.toAbsolutePath(), f.commit());
      assertThrows(IllegalStateException.class, f::commit);
    }
    assertArrayEquals(new byte[] {7}, Files.readAllBytes(target));
    assertEquals(List.of(target.getFileName().toString()), names());
  }

  @Test
  void copy_copiesTheBytes() throws Exception {
    Path source = dir.resolve("ckpt-5.index");
    Files.write(source, new byte[] {4, 5, 6});
    AtomicFiles.copy(source, dir.resolve("best/ckpt-5.index"));
    assertArrayEquals(new byte[] {4, 5, 6}, Files.readAllBytes(dir.resolve("best/ckpt-5.index")));
  }

  @Test
  void concurrentWriters_ofOneTarget_leaveOneCompleteVersion_andReadersNeverSeeATornOne()
      throws Exception {
    Path target = dir.resolve("state");
    int size = 64 * 1024;
    AtomicFiles.writeBytes(target, filled(size, (byte) 0));
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(5);
    try {
      Future<Integer> reader =
          pool.submit(
              () -> {
                int reads = 0;
                while (writing.get()) {
                  assertComplete(Files.readAllBytes(target), size);
                  reads++;
                }
                return reads;
              });
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 1; w <= 4; w++) {
        byte b = (byte) w;
        writers.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 25; i++) {
                    try {
                      AtomicFiles.writeBytes(target, filled(size, b));
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  }
                }));
      }
      for (Future<?> f : writers) {
        f.get();
      }
      writing.set(false);
      assertTrue(reader.get() > 0);
    } finally {
      pool.shutdownNow();
    }
    byte[] last = Files.readAllBytes(target);
    assertComplete(last, size);
    assertTrue(last[0] >= 1 && last[0] <= 4, "one writer's version");
    assertEquals(List.of("state"), names());
  }

  private static byte[] filled(int size, byte b) {
    byte[] a = new byte[size];
    Arrays.fill(a, b);
    return a;
  }

  private static void assertComplete(byte[] content, int size) {
    assertEquals(size, content.length, "complete");
    for (byte b : content) {
      assertEquals(content[0], b, "one version, not a mix");
    }
  }

  private static void assertNamesTargetNotTemporary(IOException e, Path target, String reason) {
    String m = e.getMessage();
    assertTrue(m.startsWith("cannot write " + target + ": "), m);
    assertTrue(m.contains(reason), m);
    assertFalse(m.contains(AtomicFiles.TEMP_PREFIX), m);
  }

  @Test
  void failures_whenAParentIsAFile_nameTheTargetAndTheFileNotAFolder() throws Exception {
    Path file = Files.writeString(dir.resolve("notes.txt"), "x");
    Path target = file.resolve("sub/out.csv");
    String reason = file + " is not a folder";
    assertNamesTargetNotTemporary(
        assertThrows(IOException.class, () -> AtomicFiles.writeString(target, "a")),
        target,
        reason);
    assertNamesTargetNotTemporary(
        assertThrows(IOException.class, () -> AtomicFiles.open(file.resolve("t.record"))),
        file.resolve("t.record"),
        reason);
    assertNamesTargetNotTemporary(
        assertThrows(IOException.class, () -> AtomicFiles.newTempDirectory(target, "export")),
        target,
        reason);
    assertNamesTargetNotTemporary(
        assertThrows(IOException.class, () -> AtomicFiles.createDirectories(target)),
        target,
        reason);
    assertNamesTargetNotTemporary(
        assertThrows(IOException.class, () -> AtomicFiles.createDirectories(file)), file, reason);
    assertEquals(List.of("notes.txt"), names());
  }

  @Test
  void writingAFile_whereAFolderIs_saysItIsAFolder_beforeWritingAnything() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("out.config/inside"));
    Path target = folder.getParent();
    IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(target, "a"));
    assertNamesTargetNotTemporary(e, target, "it is a folder");
    assertEquals(List.of("out.config"), names());
  }

  @Test
  void aFailedWrite_namesTheTarget_notTheTemporaryFile() throws Exception {
    Path target = dir.resolve("train.record");
    try (AtomicFiles.PendingFile f = AtomicFiles.open(target)) {
      f.channel().close(); // any failure of the stream: a full disk, an I/O error
      IOException e = assertThrows(IOException.class, () -> f.stream().write(new byte[] {1}));
      assertNamesTargetNotTemporary(e, target, "ClosedChannelException");
      assertNamesTargetNotTemporary(
          f.cannotWrite(new IOException("No space left on device")),
          target,
          "No space left on device");
    }
    assertEquals(List.of(), names());
  }

  @Test
  void aFolderWithoutWritePermission_isNamed_notTheTemporaryFile() throws Exception {
    Path locked = Files.createDirectories(dir.resolve("locked"));
    org.junit.jupiter.api.Assumptions.assumeTrue(
        dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Files.setPosixFilePermissions(
        locked, java.nio.file.attribute.PosixFilePermissions.fromString("r-x------"));
    try {
      // root may write anyway (Files.isWritable says so): nothing to check there
      org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(locked), "running as root");
      Path target = locked.resolve("out.csv");
      IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(target, "a"));
      assertNamesTargetNotTemporary(e, target, "permission denied in folder " + locked);
    } finally {
      Files.setPosixFilePermissions(
          locked, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void namingTarget_replacesTheTemporaryFolderInAMessage() throws Exception {
    Path out = dir.resolve("exported");
    Path tmp = AtomicFiles.newTempDirectory(out, "export-exported");
    IOException inner = new IOException("cannot write " + tmp.resolve("pipeline.config") + ": x");
    IOException e = AtomicFiles.namingTarget(inner, tmp, out);
    assertEquals("cannot write " + out.resolve("pipeline.config") + ": x", e.getMessage());
    IOException unrelated = new IOException("no space");
    assertEquals(unrelated, AtomicFiles.namingTarget(unrelated, tmp, out));
  }

  @Test
  void commitDirectory_replacesTheOldFolderWhole_andLeavesNoTemporary() throws Exception {
    Path out = dir.resolve("exported");
    Files.createDirectories(out.resolve("saved_model"));
    Files.writeString(out.resolve("saved_model/old.pb"), "old");
    Path tmp = AtomicFiles.newTempDirectory(out, "export-exported");
    assertTrue(AtomicFiles.isTemporary(tmp));
    AtomicFiles.writeString(tmp.resolve("saved_model/saved_model.pb"), "new");
    AtomicFiles.commitDirectory(tmp, out);
    assertEquals("new", Files.readString(out.resolve("saved_model/saved_model.pb")));
    assertFalse(Files.exists(out.resolve("saved_model/old.pb")));
    assertEquals(List.of("exported"), names());
  }

  @Test
  void deleteStaleTemporaries_deletesOnlyTemporaries_ofTheTagWhenGiven() throws Exception {
    Path mine = AtomicFiles.newTempDirectory(dir.resolve("model"), "export-model");
    Files.writeString(mine.resolve("half.pb"), "x");
    Path other = AtomicFiles.newTempDirectory(dir.resolve("ckpt-5"));
    Files.writeString(dir.resolve("ckpt-5.index"), "keep");
    assertEquals(1, AtomicFiles.deleteStaleTemporaries(dir, "export-model"));
    assertFalse(Files.exists(mine));
    assertTrue(Files.exists(other));
    assertEquals(1, AtomicFiles.deleteStaleTemporaries(dir));
    assertEquals(List.of("ckpt-5.index"), names());
    assertEquals(0, AtomicFiles.deleteStaleTemporaries(dir.resolve("missing")));
  }
}
