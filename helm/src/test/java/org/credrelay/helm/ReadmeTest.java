package org.credrelay.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** README.md documents every value, and only values that exist, with its true default. */
class ReadmeTest {

  /** A row of the values table: | `key` | type | `default` | description |. */
  private static final Pattern ROW =
      Pattern.compile("^\\| `([^`]+)` \\| (\\w+) \\| `(.*)` \\| (.+) \\|$");

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final Map<String, Object> values = Values.read(Chart.VALUES);
  private final Map<String, Row> documented = readmeRows();

  @Test
  void everyLeafValue_isDocumented() {
    assertThat(documented.keySet()).containsAll(Values.leaves(values).keySet());
  }

  @Test
  void everyDocumentedKey_existsInValues() {
    assertThat(Values.allPaths(values).keySet()).containsAll(documented.keySet());
  }

  @Test
  void documentedDefaults_matchValuesYaml() {
    Map<String, Object> paths = Values.allPaths(values);
    documented.forEach(
        (key, row) -> {
          Object actual = paths.get(key);
          assertThat(row.defaultJson())
              .as("default of %s", key)
              .isEqualTo(JSON.writeValueAsString(actual));
        });
  }

  @Test
  void everyRow_hasADescription() {
    assertThat(documented.values()).allSatisfy(row -> assertThat(row.description()).isNotBlank());
  }

  private record Row(String type, String defaultJson, String description) {}

  private static Map<String, Row> readmeRows() {
    try {
      Map<String, Row> rows = new LinkedHashMap<>();
      boolean inValuesSection = false;
      for (String line : Files.readAllLines(Chart.DIR.resolve("README.md"))) {
        if (line.startsWith("## ")) {
          inValuesSection = line.equals("## Values");
        }
        Matcher row = ROW.matcher(line);
        if (inValuesSection && row.matches()) {
          assertThat(rows.put(row.group(1), new Row(row.group(2), row.group(3), row.group(4))))
              .as("README documents %s twice", row.group(1))
              .isNull();
        }
      }
      assertThat(rows).as("values table rows in README.md").hasSizeGreaterThan(100);
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
