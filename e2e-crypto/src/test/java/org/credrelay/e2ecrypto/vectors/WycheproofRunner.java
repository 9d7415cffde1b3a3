package org.credrelay.e2ecrypto.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Runs every case of a Wycheproof file as its own dynamic test: {@code valid} must be accepted with
 * the expected output, {@code invalid} must be refused, {@code acceptable} follows the policy given
 * (or is only recorded). A last test prints how each result class was handled.
 */
public final class WycheproofRunner {

  /** How our code handled one case. */
  public record Outcome(Kind kind, String detail) {
    public enum Kind {
      ACCEPTED,
      REFUSED,
      WRONG_OUTPUT
    }

    public static Outcome accepted() {
      return new Outcome(Kind.ACCEPTED, "accepted");
    }

    public static Outcome refused(String why) {
      return new Outcome(Kind.REFUSED, why);
    }

    /**
     * Accepted if the output equals the expected value, otherwise a failure in any result class.
     */
    public static Outcome compare(byte[] actual, byte[] expected) {
      return java.util.Arrays.equals(actual, expected)
          ? accepted()
          : new Outcome(Kind.WRONG_OUTPUT, "output differs from the vector");
    }
  }

  /** What an {@code acceptable} case must do; RECORD means either way, just counted. */
  public enum Acceptable {
    ACCEPT,
    REFUSE,
    RECORD
  }

  private WycheproofRunner() {}

  public static Stream<DynamicTest> run(
      String file,
      Function<TestVectors.WycheproofCase, Outcome> exec,
      Function<TestVectors.WycheproofCase, Acceptable> acceptablePolicy) {
    return run(file, exec, acceptablePolicy, c -> true);
  }

  /**
   * As above, for primitives restricted to the parameters we use: cases outside them (per {@code
   * inParameterSet}) must be refused whatever their verdict, and are counted separately.
   */
  public static Stream<DynamicTest> run(
      String file,
      Function<TestVectors.WycheproofCase, Outcome> exec,
      Function<TestVectors.WycheproofCase, Acceptable> acceptablePolicy,
      java.util.function.Predicate<TestVectors.WycheproofCase> inParameterSet) {
    Map<String, Integer> summary = new ConcurrentHashMap<>();
    List<DynamicTest> tests = new ArrayList<>();
    for (TestVectors.WycheproofCase c : TestVectors.wycheproof(file)) {
      tests.add(
          DynamicTest.dynamicTest(
              c.displayName(),
              () -> {
                Outcome outcome = exec.apply(c);
                if (!inParameterSet.test(c)) {
                  summary.merge(
                      c.result()
                          + " outside our parameters -> "
                          + outcome.kind()
                          + " ("
                          + outcome.detail()
                          + ")",
                      1,
                      Integer::sum);
                  assertThat(outcome.kind()).as(outcome.detail()).isEqualTo(Outcome.Kind.REFUSED);
                  return;
                }
                String flags = "acceptable".equals(c.result()) ? " " + c.flags() : "";
                summary.merge(
                    c.result()
                        + flags
                        + " -> "
                        + outcome.kind()
                        + ("REFUSED".equals(outcome.kind().name())
                            ? " (" + outcome.detail() + ")"
                            : ""),
                    1,
                    Integer::sum);
                assertThat(outcome.kind())
                    .as(outcome.detail())
                    .isNotEqualTo(Outcome.Kind.WRONG_OUTPUT);
                switch (c.result()) {
                  case "valid" ->
                      assertThat(outcome.kind())
                          .as(outcome.detail())
                          .isEqualTo(Outcome.Kind.ACCEPTED);
                  case "invalid" ->
                      assertThat(outcome.kind())
                          .as(outcome.detail())
                          .isEqualTo(Outcome.Kind.REFUSED);
                  default -> {
                    Acceptable policy = acceptablePolicy.apply(c);
                    if (policy != Acceptable.RECORD) {
                      assertThat(outcome.kind())
                          .as(outcome.detail())
                          .isEqualTo(
                              policy == Acceptable.ACCEPT
                                  ? Outcome.Kind.ACCEPTED
                                  : Outcome.Kind.REFUSED);
                    }
                  }
                }
              }));
    }
    assertThat(tests).isNotEmpty();
    tests.add(
        DynamicTest.dynamicTest(
            file + " summary",
            () -> {
              StringBuilder out = new StringBuilder("Wycheproof " + file + ":");
              new TreeMap<>(summary)
                  .forEach((k, v) -> out.append("\n  ").append(v).append(" x ").append(k));
              System.out.println(out);
            }));
    return tests.stream();
  }
}
