package org.credrelay.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Enumeration;

/**
 * Finds a service's own {@code application.yaml}. Every service jar has one at its root, and on the
 * launcher's shared classpath only the first would be found, so each service is pointed at the file
 * inside its own jar (or classes directory) with {@code spring.config.location}.
 */
final class ServiceConfigLocation {

  private static final String CONFIG = "application.yaml";

  private ServiceConfigLocation() {}

  static String of(Class<?> application) {
    String home =
        normalize(application.getProtectionDomain().getCodeSource().getLocation().toString());
    try {
      Enumeration<URL> candidates = application.getClassLoader().getResources(CONFIG);
      while (candidates.hasMoreElements()) {
        String candidate = candidates.nextElement().toString();
        if (normalize(candidate).startsWith(home)) {
          return candidate;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException(
        "no " + CONFIG + " next to " + application.getName() + " in " + home);
  }

  /** The same location whether written as a jar URL or a plain file URL. */
  private static String normalize(String url) {
    String result = url.startsWith("jar:") ? url.substring(4) : url;
    if (result.endsWith("!/")) {
      result = result.substring(0, result.length() - 2);
    }
    return result;
  }
}
