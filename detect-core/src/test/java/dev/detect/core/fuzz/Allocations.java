package dev.detect.core.fuzz;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;

/**
 * Bytes allocated and CPU time used by the current thread, from HotSpot's {@code
 * com.sun.management.ThreadMXBean} (looked up reflectively: the tests compile inside modules that
 * do not read jdk.management).
 */
final class Allocations {
  private static final MethodHandle CURRENT = lookup("getCurrentThreadAllocatedBytes");
  private static final MethodHandle CPU = lookup("getCurrentThreadCpuTime");

  private Allocations() {}

  /** Bytes allocated so far by the current thread, or -1 when the JVM cannot tell. */
  static long current() {
    return call(CURRENT);
  }

  /** CPU time used so far by the current thread in nanoseconds, or -1 when the JVM cannot tell. */
  static long cpuNanos() {
    return call(CPU);
  }

  private static long call(MethodHandle h) {
    if (h == null) {
      return -1;
    }
    try {
      return (long) h.invoke();
    } catch (Throwable t) {
      return -1;
    }
  }

  private static MethodHandle lookup(String method) {
    try {
      Object bean =
          Class.forName("java.lang.management.ManagementFactory")
              .getMethod("getThreadMXBean")
              .invoke(null);
      Method m = Class.forName("com.sun.management.ThreadMXBean").getMethod(method);
      return MethodHandles.publicLookup().unreflect(m).bindTo(bean);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
