package org.credrelay.issuergateway.credential.service;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * I-JSON (RFC 7493) as the gateway applies it to a credential document, so that every conforming
 * reader sees the same values the issuer meant (docs/ISSUER-GATEWAY.md, "Credential content"):
 *
 * <ul>
 *   <li>strict UTF-8 ({@link StrictUtf8}), well-formed JSON;
 *   <li>no string or member name with a lone surrogate (escaped {@code "\ud800"} included);
 *   <li>no duplicate member names in an object;
 *   <li>numbers a binary64 double holds: a non-zero number must lie within [{@link
 *       Double#MIN_NORMAL}, {@link Double#MAX_VALUE}] in magnitude (no overflow to infinity, no
 *       underflow to zero or subnormals), and "no loss of precision" means: it has at most 15
 *       significant decimal digits (every such decimal survives a round trip through a double), or
 *       its decimal value equals that of {@link Double#toString} of the nearest double (the 16-17
 *       digit forms doubles print as). So {@code 0.1}, {@code 1e2} and {@code -0} pass and {@code
 *       3.141592653589793238} or {@code 9007199254740993} do not.
 * </ul>
 *
 * Nothing is rewritten: a document either passes as it is or is refused with the first violation.
 */
public final class IJsonRules {

  private static final int SAFE_DIGITS = 15;
  private static final BigDecimal MIN_NORMAL = new BigDecimal(Double.MIN_NORMAL);
  private static final BigDecimal MAX_VALUE = new BigDecimal(Double.MAX_VALUE);

  private final JsonMapper json;

  public IJsonRules(JsonMapper json) {
    this.json = json;
  }

  /**
   * @return the first violation of I-JSON in {@code document}, with its byte offset
   */
  public Optional<String> violation(byte[] document) {
    int malformed = StrictUtf8.firstMalformedByte(document);
    if (malformed >= 0) {
      return Optional.of("not valid UTF-8 at byte " + malformed);
    }
    Deque<Set<String>> names = new ArrayDeque<>();
    try (JsonParser parser = json.createParser(document)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        Optional<String> problem =
            switch (token) {
              case START_OBJECT -> {
                names.push(new HashSet<>());
                yield Optional.empty();
              }
              case END_OBJECT -> {
                names.pop();
                yield Optional.empty();
              }
              case PROPERTY_NAME ->
                  !names.peek().add(parser.currentName())
                      ? Optional.of("duplicate member name \"" + parser.currentName() + "\"")
                      : loneSurrogate(parser.currentName(), "member name");
              case VALUE_STRING -> loneSurrogate(parser.getString(), "string");
              case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(parser.getString());
              default -> Optional.empty();
            };
        if (problem.isPresent()) {
          return Optional.of(
              problem.get() + " at byte " + parser.currentTokenLocation().getByteOffset());
        }
      }
    } catch (JacksonException e) {
      return Optional.of("not well-formed JSON: " + e.getOriginalMessage());
    }
    return Optional.empty();
  }

  static Optional<String> loneSurrogate(String text, String what) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return Optional.of(
            what
                + " with a lone surrogate U+"
                + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT));
      }
    }
    return Optional.empty();
  }

  static Optional<String> number(String literal) {
    BigDecimal exact;
    try {
      exact = new BigDecimal(literal);
    } catch (NumberFormatException | ArithmeticException e) {
      return Optional.of("number " + abbreviate(literal) + " is outside the range of a double");
    }
    if (exact.signum() == 0) {
      return Optional.empty();
    }
    BigDecimal magnitude = exact.abs();
    if (magnitude.compareTo(MAX_VALUE) > 0) {
      return Optional.of("number " + abbreviate(literal) + " is outside the range of a double");
    }
    if (magnitude.compareTo(MIN_NORMAL) < 0) {
      return Optional.of(
          "number " + abbreviate(literal) + " is too close to zero for a double (underflow)");
    }
    if (exact.stripTrailingZeros().precision() <= SAFE_DIGITS) {
      return Optional.empty();
    }
    BigDecimal nearest = new BigDecimal(Double.toString(Double.parseDouble(literal)));
    return nearest.compareTo(exact) == 0
        ? Optional.empty()
        : Optional.of("number " + abbreviate(literal) + " has more precision than a double");
  }

  private static String abbreviate(String literal) {
    return literal.length() <= 40 ? literal : literal.substring(0, 37) + "...";
  }
}
