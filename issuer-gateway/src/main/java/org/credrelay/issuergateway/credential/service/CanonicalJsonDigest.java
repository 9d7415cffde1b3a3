package org.credrelay.issuergateway.credential.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SHA-256 of a JSON document's canonical form, so that two documents that are the same JSON value
 * (RFC 8785 JCS: members in any order, any insignificant white space, any escaping of the same
 * characters, any spelling of the same number: {@code 1e2}, {@code 100}, {@code 100.0}) have the
 * same digest. It follows JCS's rules (members sorted by UTF-16 code units, strings compared as
 * their characters, numbers as the IEEE 754 double they denote, {@code -0} equal to {@code 0});
 * only the byte spelling of a number differs (its 64-bit pattern instead of ECMAScript's shortest
 * decimal), which gives the same equality and stays stable across JDK versions. Used only to
 * recognise an Idempotency-Key retry; the bytes delivered are always the bytes received.
 */
public final class CanonicalJsonDigest {

  private CanonicalJsonDigest() {}

  /** The digest of {@code document}, which must be well-formed I-JSON ({@link IJsonRules}). */
  public static byte[] of(JsonMapper json, byte[] document) {
    return of(json.readTree(document));
  }

  /** The digest of a document already read ({@link ParsedJson#tree}). */
  public static byte[] of(JsonNode document) {
    MessageDigest sha256 = sha256();
    write(document, sha256);
    return sha256.digest();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static void write(JsonNode node, MessageDigest out) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>(node.propertyNames());
      names.sort(null); // String order is UTF-16 code unit order, as JCS requires
      ascii(out, "{");
      for (int i = 0; i < names.size(); i++) {
        ascii(out, i == 0 ? "" : ",");
        string(out, names.get(i));
        ascii(out, ":");
        write(node.get(names.get(i)), out);
      }
      ascii(out, "}");
    } else if (node.isArray()) {
      ascii(out, "[");
      for (int i = 0; i < node.size(); i++) {
        ascii(out, i == 0 ? "" : ",");
        write(node.get(i), out);
      }
      ascii(out, "]");
    } else if (node.isString()) {
      string(out, node.stringValue());
    } else if (node.isNumber()) {
      double value = node.doubleValue();
      ascii(out, "#" + Long.toHexString(Double.doubleToLongBits(value == 0 ? 0.0 : value)));
    } else {
      ascii(out, node.toString()); // true, false, null
    }
  }

  private static void string(MessageDigest out, String value) {
    StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        quoted.append('\\').append(c);
      } else if (c < 0x20) {
        quoted.append(String.format("\\u%04x", (int) c));
      } else {
        quoted.append(c);
      }
    }
    out.update(quoted.append('"').toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void ascii(MessageDigest out, String text) {
    out.update(text.getBytes(StandardCharsets.US_ASCII));
  }
}
