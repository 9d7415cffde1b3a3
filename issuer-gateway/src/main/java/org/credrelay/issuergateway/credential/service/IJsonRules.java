package org.credrelay.issuergateway.credential.service;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ContainerNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

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
    return Optional.ofNullable(parse(document).violation());
  }

  /**
   * Checks and reads {@code document} in one pass: its tree, or its first violation of I-JSON (with
   * its byte offset). Used for a document that did not come through the request reader, which reads
   * it with {@link #read} while it parses the request.
   */
  public ParsedJson parse(byte[] document) {
    int malformed = StrictUtf8.firstMalformedByte(document);
    if (malformed >= 0) {
      return ParsedJson.violating("not valid UTF-8 at byte " + malformed);
    }
    try (JsonParser parser = json.createParser(document)) {
      if (parser.nextToken() == null) {
        return ParsedJson.violating("not well-formed JSON: no content");
      }
      ParsedJson parsed = read(parser, 0);
      if (parsed.violation() == null && parser.nextToken() != null) {
        return ParsedJson.violating(
            "not well-formed JSON: content after the value at byte "
                + parser.currentTokenLocation().getByteOffset());
      }
      return parsed;
    } catch (JacksonException e) {
      return ParsedJson.violating("not well-formed JSON: " + e.getOriginalMessage());
    }
  }

  /**
   * Reads the JSON value at the parser's current token and leaves the parser on the value's last
   * token (as a Jackson deserializer must), checking I-JSON on the way: the value's tree, or the
   * first violation with its byte offset counted from {@code base} (the value's first byte). After
   * a violation the rest of the value is only skipped. A malformed token is the parser's exception.
   */
  public ParsedJson read(JsonParser parser, long base) {
    TreeBuilder tree = new TreeBuilder();
    String violation = null;
    int depth = 0;
    for (JsonToken token = parser.currentToken(); ; token = parser.nextToken()) {
      if (token == null) {
        throw new IllegalStateException("the value ended early");
      }
      switch (token) {
        case START_OBJECT, START_ARRAY -> depth++;
        case END_OBJECT, END_ARRAY -> depth--;
        default -> {}
      }
      if (violation == null) {
        Optional<String> problem = check(parser, token, tree);
        if (problem.isPresent()) {
          violation =
              problem.get() + " at byte " + (parser.currentTokenLocation().getByteOffset() - base);
        }
      }
      if (depth == 0) {
        return violation == null ? ParsedJson.of(tree.root()) : ParsedJson.violating(violation);
      }
    }
  }

  private static Optional<String> check(JsonParser parser, JsonToken token, TreeBuilder tree) {
    return switch (token) {
      case START_OBJECT -> {
        tree.startObject();
        yield Optional.empty();
      }
      case START_ARRAY -> {
        tree.startArray();
        yield Optional.empty();
      }
      case END_OBJECT, END_ARRAY -> {
        tree.end();
        yield Optional.empty();
      }
      case PROPERTY_NAME -> {
        String name = parser.currentName();
        if (!tree.name(name)) {
          yield Optional.of("duplicate member name \"" + name + "\"");
        }
        yield loneSurrogate(name, "member name");
      }
      case VALUE_STRING -> {
        String text = parser.getString();
        tree.value(JsonNodeFactory.instance.stringNode(text));
        yield loneSurrogate(text, "string");
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        String literal = parser.getString();
        Optional<String> problem = number(literal);
        if (problem.isEmpty()) {
          tree.value(JsonNodeFactory.instance.numberNode(Double.parseDouble(literal)));
        }
        yield problem;
      }
      case VALUE_TRUE, VALUE_FALSE ->
          add(tree, JsonNodeFactory.instance.booleanNode(token == JsonToken.VALUE_TRUE));
      case VALUE_NULL -> add(tree, JsonNodeFactory.instance.nullNode());
      default -> Optional.empty();
    };
  }

  private static Optional<String> add(TreeBuilder tree, JsonNode value) {
    tree.value(value);
    return Optional.empty();
  }

  /** Builds the tree token by token; member names are checked for duplicates as they come. */
  private static final class TreeBuilder {
    private final Deque<ContainerNode<?>> open = new ArrayDeque<>();
    private JsonNode root;
    private String name;

    void startObject() {
      ObjectNode object = JsonNodeFactory.instance.objectNode();
      value(object);
      open.push(object);
    }

    void startArray() {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      value(array);
      open.push(array);
    }

    void end() {
      open.pop();
    }

    /** False if the open object already has a member {@code name}. */
    boolean name(String name) {
      this.name = name;
      return !((ObjectNode) open.peek()).has(name);
    }

    void value(JsonNode value) {
      ContainerNode<?> parent = open.peek();
      if (parent == null) {
        root = value;
      } else if (parent instanceof ObjectNode object) {
        object.set(name, value);
      } else {
        ((ArrayNode) parent).add(value);
      }
    }

    JsonNode root() {
      return root;
    }
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
