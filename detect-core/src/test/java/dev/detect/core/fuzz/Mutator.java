package dev.detect.core.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Byte-level mutations of a seed input: bit flips, interesting byte values, chunk insertion,
 * deletion, duplication and repetition, truncation, splicing with another seed and number
 * replacement. Positions are biased towards the first 512 bytes, where binary headers live. Each
 * mutation appends a description to a log so that a failure names what was done.
 */
public final class Mutator {
  /** Inputs are not grown beyond this many bytes. */
  public static final int MAX_INPUT_BYTES = 4 << 20;

  private static final byte[] INTERESTING = {
    0,
    (byte) 0xFF,
    '<',
    '>',
    '"',
    '\'',
    '\n',
    '\r',
    '0',
    '1',
    '9',
    '-',
    '+',
    '.',
    '{',
    '}',
    '[',
    ']',
    ',',
    ':',
    '/',
    '\\',
    '#',
    '&',
    ' ',
    '\t',
    0x7F,
    (byte) 0x80,
    (byte) 0xC3,
    'e'
  };

  private static final String[] NUMBERS = {
    "0",
    "-0",
    "-1",
    "1.5",
    "65535",
    "65536",
    "2147483647",
    "2147483648",
    "-2147483648",
    "4294967295",
    "9223372036854775807",
    "18446744073709551616",
    "99999999999999999999999999999999",
    "-99999999999",
    "NaN",
    "nan",
    "Infinity",
    "-inf",
    "1e309",
    "-1e309",
    "1e-400",
    "0x7fffffff",
    "1e",
    "--1",
    "1.2.3",
    ""
  };

  private final List<byte[]> seeds;

  /** A mutator that may splice in chunks of {@code seeds}. */
  public Mutator(List<byte[]> seeds) {
    this.seeds = List.copyOf(seeds);
  }

  /** Applies 1 to 4 random mutations to a copy of {@code input}, logging each to {@code log}. */
  public byte[] mutate(byte[] input, Random rnd, List<String> log) {
    byte[] b = input;
    int n = 1 + rnd.nextInt(rnd.nextInt(4) + 1);
    for (int i = 0; i < n; i++) {
      b = mutateOnce(b, rnd, log);
    }
    return b;
  }

  private byte[] mutateOnce(byte[] b, Random rnd, List<String> log) {
    int kind = rnd.nextInt(b.length == 0 ? 1 : 10);
    return switch (b.length == 0 ? 7 : kind) {
      case 0 -> bitFlip(b, rnd, log);
      case 1, 2 -> interesting(b, rnd, log);
      case 3 -> deleteChunk(b, rnd, log);
      case 4 -> duplicateChunk(b, rnd, log);
      case 5 -> truncate(b, rnd, log);
      case 6 -> number(b, rnd, log);
      case 7 -> splice(b, rnd, log);
      case 8 -> repeat(b, rnd, log);
      default -> insertRandom(b, rnd, log);
    };
  }

  /** A position in {@code [0, n)}, half the time in the first 512 bytes. */
  static int pos(Random rnd, int n) {
    return rnd.nextBoolean() ? rnd.nextInt(Math.min(n, 512)) : rnd.nextInt(n);
  }

  private static int chunkLength(Random rnd, int max) {
    int len = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(256) : 1 + rnd.nextInt(16);
    return Math.max(1, Math.min(len, max));
  }

  private static byte[] bitFlip(byte[] b, Random rnd, List<String> log) {
    byte[] c = b.clone();
    int p = pos(rnd, c.length);
    int bit = rnd.nextInt(8);
    c[p] ^= (byte) (1 << bit);
    log.add("flip bit " + bit + " at " + p);
    return c;
  }

  private static byte[] interesting(byte[] b, Random rnd, List<String> log) {
    byte[] c = b.clone();
    int p = pos(rnd, c.length);
    c[p] = INTERESTING[rnd.nextInt(INTERESTING.length)];
    log.add("set byte " + p + " to 0x" + Integer.toHexString(c[p] & 0xFF));
    return c;
  }

  private static byte[] deleteChunk(byte[] b, Random rnd, List<String> log) {
    int p = pos(rnd, b.length);
    int len = chunkLength(rnd, b.length - p);
    log.add("delete " + len + " bytes at " + p);
    return concat(Arrays.copyOfRange(b, 0, p), Arrays.copyOfRange(b, p + len, b.length));
  }

  private static byte[] duplicateChunk(byte[] b, Random rnd, List<String> log) {
    int p = pos(rnd, b.length);
    int len = chunkLength(rnd, b.length - p);
    int at = rnd.nextInt(b.length + 1);
    log.add("copy " + len + " bytes from " + p + " to " + at);
    return insert(b, at, Arrays.copyOfRange(b, p, p + len));
  }

  private static byte[] truncate(byte[] b, Random rnd, List<String> log) {
    int p = rnd.nextBoolean() ? pos(rnd, b.length) : b.length - 1 - rnd.nextInt(b.length);
    log.add("truncate to " + p + " bytes");
    return Arrays.copyOf(b, p);
  }

  private static byte[] insertRandom(byte[] b, Random rnd, List<String> log) {
    byte[] chunk = new byte[chunkLength(rnd, 64)];
    for (int i = 0; i < chunk.length; i++) {
      chunk[i] =
          rnd.nextBoolean()
              ? INTERESTING[rnd.nextInt(INTERESTING.length)]
              : (byte) rnd.nextInt(256);
    }
    int at = pos(rnd, b.length + 1);
    log.add("insert " + chunk.length + " random bytes at " + at);
    return insert(b, at, chunk);
  }

  private byte[] splice(byte[] b, Random rnd, List<String> log) {
    int which = rnd.nextInt(seeds.size());
    byte[] other = seeds.get(which);
    if (other.length == 0) {
      log.add("splice: empty seed " + which);
      return b;
    }
    int from = pos(rnd, other.length);
    int len = chunkLength(rnd, other.length - from);
    if (rnd.nextBoolean() || b.length == 0) {
      int at = rnd.nextInt(b.length + 1);
      log.add("splice " + len + " bytes of seed " + which + "@" + from + " in at " + at);
      return insert(b, at, Arrays.copyOfRange(other, from, from + len));
    }
    int cut = pos(rnd, b.length);
    log.add("splice: first " + cut + " bytes, then seed " + which + " from " + from);
    byte[] tail = Arrays.copyOfRange(other, from, other.length);
    return concat(Arrays.copyOf(b, cut), tail.length > MAX_INPUT_BYTES ? new byte[0] : tail);
  }

  private static byte[] repeat(byte[] b, Random rnd, List<String> log) {
    int p = pos(rnd, b.length);
    int len = chunkLength(rnd, Math.min(64, b.length - p));
    int times = rnd.nextBoolean() ? 2 + rnd.nextInt(100) : 1000 + rnd.nextInt(50_000);
    times = Math.max(1, Math.min(times, (MAX_INPUT_BYTES - b.length) / len));
    byte[] chunk = Arrays.copyOfRange(b, p, p + len);
    byte[] many = new byte[len * times];
    for (int i = 0; i < times; i++) {
      System.arraycopy(chunk, 0, many, i * len, len);
    }
    log.add("repeat " + len + " bytes at " + p + " " + times + " times");
    return insert(b, p, many);
  }

  /** Replaces a number (a run of digits, sign, dot, exponent) near a random place. */
  private static byte[] number(byte[] b, Random rnd, List<String> log) {
    int start = pos(rnd, b.length);
    while (start < b.length && !isDigit(b[start])) {
      start++;
    }
    if (start == b.length) {
      log.add("number: none found");
      return b;
    }
    while (start > 0 && isNumberChar(b[start - 1])) {
      start--;
    }
    int end = start;
    while (end < b.length && isNumberChar(b[end])) {
      end++;
    }
    String value = NUMBERS[rnd.nextInt(NUMBERS.length)];
    log.add("replace number at " + start + ".." + end + " by '" + value + "'");
    byte[] replacement = value.getBytes(StandardCharsets.US_ASCII);
    return concat(
        concat(Arrays.copyOf(b, start), replacement), Arrays.copyOfRange(b, end, b.length));
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isNumberChar(byte c) {
    return isDigit(c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
  }

  private static byte[] insert(byte[] b, int at, byte[] chunk) {
    if (b.length + chunk.length > MAX_INPUT_BYTES) {
      return b;
    }
    byte[] c = new byte[b.length + chunk.length];
    System.arraycopy(b, 0, c, 0, at);
    System.arraycopy(chunk, 0, c, at, chunk.length);
    System.arraycopy(b, at, c, at + chunk.length, b.length - at);
    return c;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
