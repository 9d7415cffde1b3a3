package org.credrelay.helm;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads values files and merges them the way Helm coalesces values (maps deep, everything else
 * replaced, null deletes).
 */
final class Values {

  private static final ObjectMapper YAML = YAMLMapper.builder().build();

  private Values() {}

  static Map<String, Object> read(Path file) {
    Map<String, Object> values =
        YAML.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {});
    return values == null ? new LinkedHashMap<>() : values;
  }

  static void write(Map<String, Object> values, Path file) {
    YAML.writeValue(file.toFile(), values);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
    Map<String, Object> merged = new LinkedHashMap<>(base);
    override.forEach(
        (key, value) -> {
          Object current = merged.get(key);
          if (value == null) {
            merged.remove(key);
          } else if (value instanceof Map && current instanceof Map) {
            merged.put(key, merge((Map<String, Object>) current, (Map<String, Object>) value));
          } else {
            merged.put(key, value);
          }
        });
    return merged;
  }

  /**
   * Every leaf of a values tree as a dotted path (keys with dots or slashes quoted, as helm-docs
   * writes them) with its value. Empty maps and lists are leaves.
   */
  static Map<String, Object> leaves(Map<String, Object> values) {
    Map<String, Object> leaves = new LinkedHashMap<>();
    collect("", values, leaves, false);
    return leaves;
  }

  /** Every path of a values tree, inner nodes included. */
  static Map<String, Object> allPaths(Map<String, Object> values) {
    Map<String, Object> paths = new LinkedHashMap<>();
    collect("", values, paths, true);
    return paths;
  }

  @SuppressWarnings("unchecked")
  private static void collect(String prefix, Object node, Map<String, Object> out, boolean inner) {
    if (node instanceof Map<?, ?> map && !map.isEmpty()) {
      if (inner && !prefix.isEmpty()) {
        out.put(prefix, node);
      }
      ((Map<String, Object>) map)
          .forEach(
              (key, value) -> {
                String segment = key.matches("[A-Za-z0-9_-]+") ? key : '"' + key + '"';
                collect(prefix.isEmpty() ? segment : prefix + "." + segment, value, out, inner);
              });
    } else {
      out.put(prefix, node);
    }
  }
}
