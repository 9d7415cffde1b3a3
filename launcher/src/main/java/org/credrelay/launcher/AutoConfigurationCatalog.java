package org.credrelay.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;

/**
 * The auto-configuration classes on the classpath (from every jar's {@code
 * META-INF/spring/...AutoConfiguration.imports}), so exclusions follow the Boot version instead of
 * a hard-coded list of class names.
 */
final class AutoConfigurationCatalog {

  private static final String IMPORTS =
      "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";

  private AutoConfigurationCatalog() {}

  /** Auto-configuration class names starting with one of {@code prefixes}. */
  static List<String> named(String... prefixes) {
    TreeSet<String> names = new TreeSet<>();
    try {
      Enumeration<URL> resources =
          AutoConfigurationCatalog.class.getClassLoader().getResources(IMPORTS);
      while (resources.hasMoreElements()) {
        try (BufferedReader reader =
            new BufferedReader(
                new InputStreamReader(
                    resources.nextElement().openStream(), StandardCharsets.UTF_8))) {
          reader
              .lines()
              .map(String::trim)
              .filter(line -> !line.isEmpty() && !line.startsWith("#"))
              .filter(line -> startsWithAny(line, prefixes))
              .forEach(names::add);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the auto-configuration catalog", e);
    }
    return List.copyOf(names);
  }

  private static boolean startsWithAny(String name, String[] prefixes) {
    for (String prefix : prefixes) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
