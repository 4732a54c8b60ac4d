package dev.detect.train.detector;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.nio.ByteOrder;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.ndarray.buffer.DataStorageVisitor;

/**
 * The fast path of {@link RgbPixels} for {@code TYPE_3BYTE_BGR} images (what ImageIO decodes a JPEG
 * to): one pass that reads the BGR bytes eight pixels (three longs) at a time, swaps blue and red
 * with shifts and masks, and stores the longs straight into the tensor's native memory. That halves
 * the conversion against a copy through a scratch band (0.17 instead of 0.33 ms for 640×480 right
 * after a model call), which is the whole of the Detector's overhead over a raw model call. A large
 * image is converted in two halves at once ({@link HalfSplit}).
 *
 * <p>The tensor memory's address comes from ndarray's public {@link DataStorageVisitor}; the stores
 * use {@code sun.misc.Unsafe} (module {@code jdk.unsupported}, as ndarray itself does) within the
 * bounds the visitor reports. Where either is unavailable, {@link #write} returns false and the
 * caller takes the portable path.
 */
final class NativeRgbWriter {
  private static final sun.misc.Unsafe UNSAFE = unsafe();
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private NativeRgbWriter() {}

  private static sun.misc.Unsafe unsafe() {
    try {
      Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
      f.setAccessible(true);
      return (sun.misc.Unsafe) f.get(null);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null; // the portable path is used
    }
  }

  /** The native address of {@code dst}'s first byte and its length, or null for heap memory. */
  private static long[] addressAndLength(ByteDataBuffer dst) {
    return dst.accept(
        new DataStorageVisitor<long[]>() {
          @Override
          public long[] visit(long address, long length, long scale) {
            return scale == 1 && address != 0 ? new long[] {address, length} : null;
          }

          @Override
          public long[] fallback() {
            return null;
          }
        });
  }

  /**
   * Writes {@code bgr[0 … length)} (packed BGR pixels, {@code length} a multiple of 3) as RGB to
   * {@code dst} from index 0, if {@code dst} is native memory of at least {@code length} bytes.
   *
   * @return false when nothing was written (heap buffer, or no {@code Unsafe}): use the portable
   *     path
   */
  static boolean write(byte[] bgr, int length, ByteDataBuffer dst) {
    if (UNSAFE == null
        || ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN // the stores below are native-order
        || length % 3 != 0
        || length > bgr.length) {
      return false;
    }
    long[] at = addressAndLength(dst);
    if (at == null || at[1] < length) {
      return false;
    }
    long address = at[0];
    HalfSplit.run(length, length, 24, (from, to) -> swapInto(bgr, from, to, address + from));
    return true;
  }

  /**
   * The conversion of {@code src[from … to)} to {@code address}, eight pixels a step (three
   * little-endian longs in, three out); {@code from} a multiple of 3.
   */
  private static void swapInto(byte[] src, int from, int to, long address) {
    int s = from;
    long o = address;
    for (int end = to - (to - from) % 24; s < end; s += 24, o += 24) {
      // Bytes of a: B0 G0 R0 B1 G1 R1 B2 G2, of b: R2 B3 G3 R3 B4 G4 R4 B5, of c: G5 R5 B6 … R7.
      long a = (long) LONGS.get(src, s);
      long b = (long) LONGS.get(src, s + 8);
      long c = (long) LONGS.get(src, s + 16);
      UNSAFE.putLong(
          o,
          (a & 0xFF0000FF0000FF00L)
              | ((a & 0x00000000FF0000FFL) << 16)
              | ((a & 0x0000FF0000FF0000L) >>> 16)
              | ((b & 0xFFL) << 48));
      UNSAFE.putLong(
          o + 8,
          (b & 0x0000FF0000FF0000L)
              | ((b & 0x000000FF0000FF00L) << 16)
              | ((b & 0x00FF0000FF000000L) >>> 16)
              | ((a >>> 48) & 0xFFL)
              | (((c >>> 8) & 0xFFL) << 56));
      UNSAFE.putLong(
          o + 16,
          (c & 0x00FF0000FF0000FFL)
              | ((c & 0x0000FF0000FF0000L) << 16)
              | ((c & 0xFF0000FF00000000L) >>> 16)
              | (((b >>> 56) & 0xFFL) << 8));
    }
    for (; s < to; s += 3, o += 3) {
      UNSAFE.putByte(o, src[s + 2]);
      UNSAFE.putByte(o + 1, src[s + 1]);
      UNSAFE.putByte(o + 2, src[s]);
    }
  }
}
