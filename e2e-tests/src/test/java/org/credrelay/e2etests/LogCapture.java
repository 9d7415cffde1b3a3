package org.credrelay.e2etests;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps a copy of everything the services print (their logs go to the console) while still printing
 * it, so a test can check that no secret ever reached a log line.
 */
final class LogCapture {

  private static final ByteArrayOutputStream CAPTURED = new ByteArrayOutputStream();
  private static boolean installed;

  private LogCapture() {}

  static synchronized void install() {
    if (installed) {
      return;
    }
    System.setOut(new PrintStream(new Tee(System.out), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Tee(System.err), true, StandardCharsets.UTF_8));
    installed = true;
  }

  static String text() {
    synchronized (CAPTURED) {
      return CAPTURED.toString(StandardCharsets.UTF_8);
    }
  }

  private static final class Tee extends OutputStream {
    private final OutputStream original;

    Tee(OutputStream original) {
      this.original = original;
    }

    @Override
    public void write(int b) {
      synchronized (CAPTURED) {
        CAPTURED.write(b);
      }
      try {
        original.write(b);
      } catch (java.io.IOException e) {
        // the console went away; the captured copy is what the tests read
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      synchronized (CAPTURED) {
        CAPTURED.write(b, off, len);
      }
      try {
        original.write(b, off, len);
      } catch (java.io.IOException e) {
        // as above
      }
    }

    @Override
    public void flush() throws java.io.IOException {
      original.flush();
    }
  }
}
