package org.credrelay.restsupport;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The members of every RFC 9457 problem document the REST services write (docs/PROTOCOL.md, error
 * model): {@code type} = {@value #TYPE_PREFIX}{@code <code in kebab case>}, {@code title} = the
 * code, {@code status}, {@code detail} for people and {@code code}, the UPPER_SNAKE reason that
 * gRPC reports as {@code google.rpc.ErrorInfo.reason}. Spring advices turn it into a {@code
 * ProblemDetail}; code outside Spring MVC (filters, Tomcat valves) writes {@link #toJson()}.
 *
 * @param type the problem type URN
 * @param title the code again, a stable short summary
 * @param status the HTTP status
 * @param detail a text for people; never secrets, request content or internals
 * @param code the machine-readable reason, UPPER_SNAKE
 */
public record ProblemDocument(String type, String title, int status, String detail, String code) {

  /** The one type URN prefix of every service. */
  public static final String TYPE_PREFIX = "urn:credrelay:problem:";

  private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9]*(_[A-Z0-9]+)*");

  public ProblemDocument {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(code, "code");
  }

  /**
   * The document for a refusal.
   *
   * @throws IllegalArgumentException if {@code code} is not UPPER_SNAKE or the status is not an
   *     error status
   */
  public static ProblemDocument of(int status, String code, String detail) {
    if (!CODE.matcher(code).matches()) {
      throw new IllegalArgumentException("code must be UPPER_SNAKE: " + code);
    }
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("not an error status: " + status);
    }
    return new ProblemDocument(typeOf(code), code, status, detail, code);
  }

  /** {@code urn:credrelay:problem:<code in kebab case>}. */
  public static String typeOf(String code) {
    return TYPE_PREFIX + code.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The members in document order, for writers that take a map. */
  public Map<String, Object> members() {
    Map<String, Object> members = new LinkedHashMap<>();
    members.put("type", type);
    members.put("title", title);
    members.put("status", status);
    members.put("detail", detail);
    members.put("code", code);
    return members;
  }

  /** The document as JSON, written by hand so a servlet filter or valve needs no JSON library. */
  public String toJson() {
    StringBuilder json = new StringBuilder(128).append('{');
    members()
        .forEach(
            (name, value) -> {
              if (json.length() > 1) {
                json.append(',');
              }
              json.append('"').append(name).append("\":");
              if (value instanceof Integer number) {
                json.append(number);
              } else {
                appendString(json, value.toString());
              }
            });
    return json.append('}').toString();
  }

  private static void appendString(StringBuilder json, String value) {
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
