package org.credrelay.protocolvectors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One published vector file, {@code docs/vectors/<name>.json}: {@code {"description",
 * "protocolSection", "inputs", "outputs"}}. Every private key, nonce, random value and time is in
 * {@code inputs}; {@code outputs} is what the project's code computes from them.
 */
record VectorFile(String description, String protocolSection, ObjectNode inputs, JsonNode outputs) {

  /** Where the files live, relative to this module's directory (Maven runs tests there). */
  static final Path DIRECTORY = Path.of("..", "docs", "vectors");

  static final JsonMapper JSON = JsonMapper.builder().build();

  VectorFile {
    Objects.requireNonNull(description);
    Objects.requireNonNull(protocolSection);
    Objects.requireNonNull(inputs);
    Objects.requireNonNull(outputs);
  }

  static Path path(String fileName) {
    return DIRECTORY.resolve(fileName);
  }

  static VectorFile read(String fileName) throws IOException {
    JsonNode root = JSON.readTree(Files.readString(path(fileName), StandardCharsets.UTF_8));
    return new VectorFile(
        root.required("description").stringValue(),
        root.required("protocolSection").stringValue(),
        (ObjectNode) root.required("inputs"),
        root.path("outputs"));
  }

  VectorFile withOutputs(JsonNode computed) {
    return new VectorFile(description, protocolSection, inputs, computed);
  }

  /** Pretty-printed, members in a fixed order, LF line ends and a final newline. */
  void write(String fileName) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("description", description);
    root.put("protocolSection", protocolSection);
    root.set("inputs", inputs);
    root.set("outputs", outputs);
    String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    Files.writeString(path(fileName), text.replace("\r\n", "\n") + "\n", StandardCharsets.UTF_8);
  }

  /**
   * The members where {@code computed} differs from the published outputs, as JSON pointers with
   * both values; empty when they agree.
   */
  List<String> differences(JsonNode computed) {
    List<String> found = new ArrayList<>();
    compare("", outputs, computed, found);
    return found;
  }

  private static void compare(
      String pointer, JsonNode published, JsonNode computed, List<String> found) {
    if (published.isObject() && computed.isObject()) {
      for (String name : union(published.propertyNames(), computed.propertyNames())) {
        compare(pointer + "/" + name, published.path(name), computed.path(name), found);
      }
    } else if (published.isArray() && computed.isArray() && published.size() == computed.size()) {
      for (int i = 0; i < published.size(); i++) {
        compare(pointer + "/" + i, published.get(i), computed.get(i), found);
      }
    } else if (published.isNumber() && computed.isNumber()) {
      // A number read from the file may be an int where the code wrote a long: compare values.
      if (published.decimalValue().compareTo(computed.decimalValue()) != 0) {
        found.add(pointer + ": published " + published + ", the code computes " + computed);
      }
    } else if (!published.equals(computed)) {
      found.add(pointer + ": published " + published + ", the code computes " + computed);
    }
  }

  private static List<String> union(Iterable<String> a, Iterable<String> b) {
    List<String> names = new ArrayList<>();
    a.forEach(names::add);
    b.forEach(
        name -> {
          if (!names.contains(name)) {
            names.add(name);
          }
        });
    return names;
  }
}
