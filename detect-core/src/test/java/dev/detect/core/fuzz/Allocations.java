package dev.detect.core.fuzz;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;

/**
 * Bytes allocated by the current thread, from HotSpot's {@code com.sun.management.ThreadMXBean}
 * (looked up reflectively: the tests compile inside modules that do not read jdk.management).
 */
final class Allocations {
  private static final MethodHandle CURRENT = lookup();

  private Allocations() {}

  /** Bytes allocated so far by the current thread, or -1 when the JVM cannot tell. */
  static long current() {
    if (CURRENT == null) {
      return -1;
    }
    try {
      return (long) CURRENT.invoke();
    } catch (Throwable t) {
      return -1;
    }
  }

  private static MethodHandle lookup() {
    try {
      Object bean =
          Class.forName("java.lang.management.ManagementFactory")
              .getMethod("getThreadMXBean")
              .invoke(null);
      Method m =
          Class.forName("com.sun.management.ThreadMXBean")
              .getMethod("getCurrentThreadAllocatedBytes");
      return MethodHandles.publicLookup().unreflect(m).bindTo(bean);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
