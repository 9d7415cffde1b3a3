package org.credrelay.protocolvectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The published test vectors in docs/vectors (all but the envelopes, which e2e-crypto checks):
 * every output is recomputed from the file's inputs with the project's own code and must be equal.
 * Run with {@code -Dvectors.write=true} to rewrite the outputs after an intended change
 * (PROTOCOL.md §6, docs/vectors/README.md).
 */
class ProtocolVectorsTest {

  static final String WRITE_PROPERTY = "vectors.write";

  static Stream<Construction> constructions() {
    return Stream.of(
        new ThumbprintVectors(),
        new SafetyNumberVectors(),
        new InvitationVectors(),
        new HandshakeMacKeyVectors(),
        new HandshakeJwtVectors(),
        new RequestSigningVectors(),
        new KeyEventChainVectors());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("constructions")
  void publishedOutputs_areWhatTheCodeComputes(Construction construction) throws Exception {
    VectorFile file = VectorFile.read(construction.fileName());
    JsonNode computed = construction.compute(file.inputs());

    if (Boolean.getBoolean(WRITE_PROPERTY)) {
      file.withOutputs(computed).write(construction.fileName());
      return;
    }
    assertThat(file.differences(computed))
        .as(
            "docs/vectors/%s differs from the code; if the change is intended, rerun with -D%s=true",
            construction.fileName(), WRITE_PROPERTY)
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("constructions")
  void changingOneInput_isDetected(Construction construction) throws Exception {
    VectorFile file = VectorFile.read(construction.fileName());
    ObjectNode mutated = file.inputs().deepCopy();
    JsonPointer pointer = JsonPointer.compile(construction.inputToMutate());
    String original = mutated.at(pointer).stringValue();
    ((ObjectNode) mutated.at(pointer.head()))
        .put(pointer.last().getMatchingProperty(), flip(original));

    JsonNode computed = construction.compute(mutated);

    assertThat(file.differences(computed)).isNotEmpty();
  }

  @Test
  void everyVectorFileInTheDirectory_isCheckedHereOrByE2eCrypto() throws Exception {
    List<String> checkedHere = constructions().map(Construction::fileName).toList();
    try (Stream<java.nio.file.Path> files = java.nio.file.Files.list(VectorFile.DIRECTORY)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")))
          .allMatch(name -> checkedHere.contains(name) || name.startsWith("envelope-"));
    }
  }

  /** The same string with its middle character replaced by another one of the same alphabet. */
  private static String flip(String value) {
    int i = value.length() / 2;
    char c = value.charAt(i);
    char replacement = c == 'A' ? 'B' : 'A';
    return value.substring(0, i) + replacement + value.substring(i + 1);
  }

  @Test
  void aDifferenceIsReported_withThePathAndBothValues() throws Exception {
    VectorFile file = VectorFile.read("invitation.json");
    ObjectNode wrong = ((ObjectNode) file.outputs()).deepCopy().put("tokenHash", "x");

    assertThat(file.differences(wrong))
        .singleElement()
        .asString()
        .startsWith("/tokenHash: published")
        .endsWith("the code computes \"x\"");
  }
}
