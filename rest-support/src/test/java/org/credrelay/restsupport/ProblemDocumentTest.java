package org.credrelay.restsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProblemDocumentTest {

  @Test
  void of_derivesTypeAndTitleFromTheCode() {
    ProblemDocument problem = ProblemDocument.of(413, "REQUEST_TOO_LARGE", "too large");

    assertThat(problem.type()).isEqualTo("urn:credrelay:problem:request-too-large");
    assertThat(problem.title()).isEqualTo("REQUEST_TOO_LARGE");
    assertThat(problem.code()).isEqualTo("REQUEST_TOO_LARGE");
    assertThat(problem.members())
        .containsOnlyKeys("type", "title", "status", "detail", "code")
        .doesNotContainKey("reason");
  }

  @Test
  void toJson_escapesTheDetail() {
    String json = ProblemDocument.of(400, "INVALID_REQUEST", "a \"b\" \\ c\n\u0001").toJson();

    assertThat(json)
        .isEqualTo(
            "{\"type\":\"urn:credrelay:problem:invalid-request\","
                + "\"title\":\"INVALID_REQUEST\",\"status\":400,"
                + "\"detail\":\"a \\\"b\\\" \\\\ c\\n\\u0001\",\"code\":\"INVALID_REQUEST\"}");
  }

  @Test
  void of_refusesCodesThatAreNotUpperSnake() {
    assertThatThrownBy(() -> ProblemDocument.of(400, "invalid-request", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProblemDocument.of(200, "OK", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
