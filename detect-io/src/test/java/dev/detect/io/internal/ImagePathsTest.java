package dev.detect.io.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePathsTest {
  @TempDir Path tmp;
  Path root;
  Path outside;

  @BeforeEach
  void makeTree() throws Exception {
    root = Files.createDirectories(tmp.resolve("images"));
    Files.createDirectories(root.resolve("sub"));
    Files.writeString(root.resolve("sub/a.jpg"), "a");
    outside = Files.writeString(tmp.resolve("secret.jpg"), "secret");
  }

  private ImagePaths.Refused refused(String name) {
    return assertThrows(ImagePaths.Refused.class, () -> new ImagePaths(root, false).resolve(name));
  }

  @Test
  void resolve_plainAndNestedNames_stayInside() throws Exception {
    ImagePaths paths = new ImagePaths(root, false);
    assertEquals(root.resolve("sub/a.jpg"), paths.resolve("sub/a.jpg"));
    assertEquals(root.resolve("sub/a.jpg"), paths.resolve("sub/../sub/a.jpg"));
    assertEquals(root.resolve("missing.jpg"), paths.resolve("missing.jpg"));
  }

  @Test
  void resolve_dotDot_isRefusedNamingThePath() {
    ImagePaths.Refused e = refused("../secret.jpg");
    assertTrue(e.outsideRoot());
    assertEquals(outside, e.resolved());
    assertTrue(e.getMessage().contains("'../secret.jpg'"), e.getMessage());
    assertTrue(e.getMessage().contains("outside the image folder " + root), e.getMessage());
  }

  @Test
  void resolve_absolutePathOutside_isRefused() {
    ImagePaths.Refused e = refused(outside.toString());
    assertTrue(e.outsideRoot());
    ImagePaths.Refused etc = refused("/etc/passwd");
    assertEquals(Path.of("/etc/passwd"), etc.resolved());
  }

  @Test
  void resolve_absolutePathInside_isAccepted() throws Exception {
    Path inside = root.resolve("sub/a.jpg");
    assertEquals(inside, new ImagePaths(root, false).resolve(inside.toString()));
  }

  @Test
  void resolve_symlinkPointingOutside_isRefused() throws Exception {
    Files.createSymbolicLink(root.resolve("link.jpg"), outside);
    ImagePaths.Refused e = refused("link.jpg");
    assertTrue(e.outsideRoot());
    assertTrue(e.getMessage().contains("symbolic link to " + outside.toRealPath()), e.getMessage());
  }

  @Test
  void resolve_symlinkedFolderPointingOutside_isRefused() throws Exception {
    Files.createSymbolicLink(root.resolve("escape"), tmp);
    assertTrue(refused("escape/secret.jpg").outsideRoot());
  }

  @Test
  void resolve_symlinkPointingInside_isAccepted() throws Exception {
    Files.createSymbolicLink(root.resolve("alias.jpg"), root.resolve("sub/a.jpg"));
    assertEquals(root.resolve("alias.jpg"), new ImagePaths(root, false).resolve("alias.jpg"));
  }

  @Test
  void resolve_rootItselfASymlink_acceptsItsFiles() throws Exception {
    Path linkedRoot = Files.createSymbolicLink(tmp.resolve("linked"), root);
    assertEquals(
        linkedRoot.resolve("sub/a.jpg"), new ImagePaths(linkedRoot, false).resolve("sub/a.jpg"));
  }

  @Test
  void resolve_withOptIn_acceptsEveryEscape() throws Exception {
    Files.createSymbolicLink(root.resolve("link.jpg"), outside);
    ImagePaths paths = new ImagePaths(root, true);
    assertEquals(outside, paths.resolve("../secret.jpg"));
    assertEquals(outside, paths.resolve(outside.toString()));
    assertEquals(root.resolve("link.jpg"), paths.resolve("link.jpg"));
  }

  @Test
  void resolve_rootItselfAndInvalidNames_areRefusedAsNotFiles() {
    assertFalse(refused(".").outsideRoot());
    assertFalse(refused("sub/..").outsideRoot());
    ImagePaths.Refused nul = refused("a\0.jpg");
    assertFalse(nul.outsideRoot());
    assertTrue(nul.getMessage().contains("invalid image file name"), nul.getMessage());
  }

  @Test
  void accepts_matchesResolve() {
    ImagePaths paths = new ImagePaths(root, false);
    assertTrue(paths.accepts("sub/a.jpg"));
    assertFalse(paths.accepts("../secret.jpg"));
  }
}
