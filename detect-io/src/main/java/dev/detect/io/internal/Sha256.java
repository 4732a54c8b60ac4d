package dev.detect.io.internal;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hex SHA-256 of bytes, as {@code image/key/sha256} and the validator's duplicate check use.
 */
public final class Sha256 {
  private static final ThreadLocal<MessageDigest> DIGEST =
      ThreadLocal.withInitial(Sha256::newDigest);

  private Sha256() {}

  /** The lowercase hex SHA-256 of {@code bytes}. */
  public static String hex(byte[] bytes) {
    return hex(ByteBuffer.wrap(bytes));
  }

  /** The lowercase hex SHA-256 of the bytes from the buffer's position to its limit (consumed). */
  public static String hex(ByteBuffer bytes) {
    MessageDigest md = DIGEST.get();
    md.reset();
    md.update(bytes);
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
