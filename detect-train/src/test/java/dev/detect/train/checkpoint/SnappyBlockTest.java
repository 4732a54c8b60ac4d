package dev.detect.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

/** The Snappy decoder against snappy-java's compressor (the reference implementation's). */
class SnappyBlockTest {
  @Property(tries = 300)
  void decompress_undoesSnappyJava(@ForAll("compressible") byte[] data) throws Exception {
    byte[] c = Snappy.compress(data);
    assertArrayEquals(data, SnappyBlock.decompress(c, 0, c.length));
  }

  @Property(tries = 100)
  void decompress_readsFromAnOffsetWithinALargerArray(
      @ForAll("compressible") byte[] data, @ForAll @Size(max = 9) byte[] before) throws Exception {
    byte[] c = Snappy.compress(data);
    byte[] framed = Arrays.copyOf(before, before.length + c.length + 7);
    System.arraycopy(c, 0, framed, before.length, c.length);
    assertArrayEquals(data, SnappyBlock.decompress(framed, before.length, c.length));
  }

  /** Random or damaged input is refused with DataFormatException, never another exception. */
  @Property(tries = 500)
  void decompress_refusesGarbageWithDataFormatExceptionOnly(
      @ForAll("compressible") byte[] data, @ForAll int seed) throws IOException {
    byte[] c = Snappy.compress(data);
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    c[r.nextInt(c.length)] ^= (byte) (1 + r.nextInt(255));
    int length = r.nextInt(c.length + 1);
    try {
      SnappyBlock.decompress(c, 0, length);
    } catch (DataFormatException expected) {
      // a damaged block may also decode to other bytes: the table's CRC32C catches that
    }
  }

  @Test
  void decompress_refusesACopyBeforeTheStart() {
    // length 4, then a 1-byte-offset copy of 4 bytes from 1 back with nothing written yet
    byte[] c = {4, 0b000_000_01, 1};
    assertThrows(DataFormatException.class, () -> SnappyBlock.decompress(c, 0, c.length));
  }

  @Test
  void decompress_refusesAShortBlock() {
    // declares 5 bytes, holds a 2-byte literal
    byte[] c = {5, 1 << 2, 'a', 'b'};
    assertThrows(DataFormatException.class, () -> SnappyBlock.decompress(c, 0, c.length));
  }

  @Test
  void decompress_expandsOverlappingCopies() throws Exception {
    // literal "ab", then copy 8 bytes from 2 back: "ababababab"
    byte[] c = {10, 1 << 2, 'a', 'b', (byte) (((8 - 4) << 2) | 1), 2};
    assertArrayEquals("ababababab".getBytes(), SnappyBlock.decompress(c, 0, c.length));
  }

  /** snappy-java never emits 4-byte offsets (it compresses 64 KiB fragments), so by hand. */
  @Test
  void decompress_readsTwoAndFourByteOffsetCopies() throws Exception {
    byte[] c = {12, 3 << 2, 'a', 'b', 'c', 'd', (3 << 2) | 2, 4, 0, (3 << 2) | 3, 8, 0, 0, 0};
    assertArrayEquals("abcdabcdabcd".getBytes(), SnappyBlock.decompress(c, 0, c.length));
  }

  /** Runs and repeats (so copies of every kind appear), long literals and random bytes. */
  @Provide
  Arbitrary<byte[]> compressible() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(3000);
    Arbitrary<byte[]> repetitive =
        Arbitraries.integers()
            .between(0, 100_000)
            .flatMap(
                n ->
                    Arbitraries.bytes()
                        .array(byte[].class)
                        .ofMinSize(1)
                        .ofMaxSize(70)
                        .map(unit -> repeat(unit, n)));
    return Arbitraries.oneOf(random, repetitive);
  }

  private static byte[] repeat(byte[] unit, int n) {
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      out[i] = (byte) (unit[i % unit.length] + (i % 997 == 0 ? i : 0));
    }
    return out;
  }
}
