package org.credrelay.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * values.schema.json declares every key of values.yaml with a type, and closes the objects whose
 * keys the chart defines (additionalProperties false), so a new value cannot be added without its
 * schema.
 */
class ValuesSchemaCompletenessTest {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final JsonNode schema = JSON.readTree(Chart.DIR.resolve("values.schema.json").toFile());

  @Test
  void everyValuesKey_isDeclaredInTheSchema_withAType() {
    List<String> problems = new ArrayList<>();
    walk("", Values.read(Chart.VALUES), schema, problems);
    assertThat(problems).isEmpty();
  }

  @Test
  void securityContexts_areClosedObjects() {
    for (String key : List.of("podSecurityContext", "containerSecurityContext")) {
      JsonNode node = schema.path("properties").path(key);
      assertThat(node.path("additionalProperties").isBoolean()).as(key).isTrue();
      assertThat(node.path("additionalProperties").asBoolean()).as(key).isFalse();
    }
  }

  @Test
  void unknownSecurityContextField_isRejected() {
    assertThat(Chart.render().minimal().set("containerSecurityContext.runAsUserr", 1).failure())
        .contains("Additional property runAsUserr is not allowed");
  }

  @SuppressWarnings("unchecked")
  private void walk(String path, Object value, JsonNode node, List<String> problems) {
    JsonNode resolved = resolve(node);
    if (value instanceof Map<?, ?> map) {
      if (!isObject(resolved)) {
        problems.add(path + ": a map in values.yaml, but the schema does not declare an object");
        return;
      }
      JsonNode additional = resolved.path("additionalProperties");
      boolean declaredMap = additional.isObject();
      if (!declaredMap && !(additional.isBoolean() && !additional.asBoolean())) {
        if (!map.isEmpty()) {
          problems.add(path + ": object with keys but neither closed nor a typed map");
        }
        return;
      }
      ((Map<String, Object>) map)
          .forEach(
              (key, child) -> {
                String childPath = path.isEmpty() ? key : path + "." + key;
                JsonNode declared = resolved.path("properties").path(key);
                if (declared.isMissingNode()) {
                  if (declaredMap) {
                    walk(childPath, child, additional, problems);
                  } else {
                    problems.add(childPath + ": not declared in values.schema.json");
                  }
                } else {
                  walk(childPath, child, declared, problems);
                }
              });
    } else if (!typed(resolved)) {
      problems.add(path + ": declared without type, enum or const");
    }
  }

  private JsonNode resolve(JsonNode node) {
    JsonNode current = node;
    while (current.has("$ref")) {
      String name = current.get("$ref").asString().substring("#/definitions/".length());
      current = schema.path("definitions").path(name);
    }
    return current;
  }

  private boolean typed(JsonNode node) {
    if (node.has("type") || node.has("enum") || node.has("const")) {
      return true;
    }
    return node.has("oneOf")
        && node.get("oneOf").valueStream().allMatch(option -> typed(resolve(option)));
  }

  private static boolean isObject(JsonNode node) {
    return "object".equals(node.path("type").asString());
  }
}
