package org.credrelay.issuergateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The state diagram in docs/ISSUER-GATEWAY.md "Delivery life cycle" names exactly the states of
 * {@link DeliveryStatus}, and its table exactly the codes of {@link DeliveryFailureCode}: a state
 * or code added without the docs fails here.
 */
class DeliveryLifeCycleDiagramTest {

  private static final Path DOC =
      Path.of("..", "docs", "ISSUER-GATEWAY.md").toAbsolutePath().normalize();
  private static final Pattern TRANSITION =
      Pattern.compile("^\\s*(\\[\\*]|[A-Z_]+)\\s*-->\\s*(\\[\\*]|[A-Z_]+)\\s*(?::.*)?$");

  @Test
  void diagramStates_areExactlyTheDeliveryStatuses() throws Exception {
    Set<String> states = new TreeSet<>();
    for (String line : diagram().split("\n")) {
      Matcher transition = TRANSITION.matcher(line);
      if (transition.matches()) {
        states.add(transition.group(1));
        states.add(transition.group(2));
      }
    }
    states.remove("[*]");
    assertThat(states)
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(DeliveryStatus.values()).map(Enum::name).toList());
  }

  @Test
  void finishedStates_endTheDiagram() throws Exception {
    String diagram = diagram();
    for (DeliveryStatus status : DeliveryStatus.values()) {
      assertThat(diagram.contains(status.name() + " --> [*]"))
          .as("%s ends the diagram", status)
          .isEqualTo(status.finished());
    }
  }

  @Test
  void codeTable_listsEveryFailureCode() throws Exception {
    String section = section();
    for (DeliveryFailureCode code : DeliveryFailureCode.values()) {
      assertThat(section).as("code %s documented", code).contains("`" + code.name() + "`");
    }
  }

  private static String section() throws Exception {
    String doc = Files.readString(DOC);
    int start = doc.indexOf("\n## Delivery life cycle\n");
    assertThat(start).as("section in %s", DOC).isNotNegative();
    int end = doc.indexOf("\n## ", start + 1);
    return end < 0 ? doc.substring(start) : doc.substring(start, end);
  }

  private static String diagram() throws Exception {
    String section = section();
    int start = section.indexOf("```mermaid\nstateDiagram-v2\n");
    assertThat(start).as("a Mermaid state diagram").isNotNegative();
    return section.substring(start, section.indexOf("```\n", start + 10));
  }
}
