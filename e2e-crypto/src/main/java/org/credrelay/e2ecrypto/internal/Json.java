package org.credrelay.e2ecrypto.internal;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Map;

/**
 * JSON objects through Nimbus' parser (Gson), with the size bound applied before parsing and typed
 * member access that tells "absent" from "wrong type".
 *
 * <p>Nimbus refuses duplicate members at the top level of an object; nested duplicates keep the
 * last value. Every object we read is either authenticated as raw bytes (JWE protected header, JWT)
 * or a public key whose thumbprint is recomputed from the parsed values, so a nested duplicate
 * cannot make two readers of the same bytes disagree about what was authenticated by us.
 */
public final class Json {

  private Json() {}

  /**
   * Parses a JSON object from UTF-8 bytes; refuses invalid UTF-8 and more than {@code maxBytes}.
   */
  public static Map<String, Object> parseObject(byte[] utf8, int maxBytes) {
    if (utf8.length > maxBytes) {
      throw new IllegalArgumentException("JSON larger than " + maxBytes + " bytes");
    }
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(utf8))
              .toString();
      return parseObject(text, maxBytes);
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("JSON is not valid UTF-8", e);
    }
  }

  /** Parses a JSON object; refuses anything longer than {@code maxBytes} UTF-8 bytes. */
  public static Map<String, Object> parseObject(String text, int maxBytes) {
    if (text == null) {
      throw new IllegalArgumentException("JSON is missing");
    }
    // A char is at most 3 UTF-8 bytes: cheap pre-check before counting exactly.
    if (text.length() > maxBytes || text.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
      throw new IllegalArgumentException("JSON larger than " + maxBytes + " bytes");
    }
    // Gson also reads a map from an array of [key, value] pairs; only a real object is JSON here.
    if (!text.strip().startsWith("{")) {
      throw new IllegalArgumentException("JSON is not an object");
    }
    try {
      Map<String, Object> map = JSONObjectUtils.parse(text);
      if (map == null) {
        throw new IllegalArgumentException("JSON is not an object");
      }
      return map;
    } catch (ParseException | RuntimeException e) {
      throw new IllegalArgumentException("invalid JSON object", e);
    }
  }

  /** Compact serialization (no whitespace), members in the map's iteration order. */
  public static String write(Map<String, ?> object) {
    return JSONObjectUtils.toJSONString(object);
  }

  /** The string member {@code name}, or null if absent; wrong type is an error. */
  public static String optString(Map<String, Object> object, String name) {
    return optional(object, name, String.class, "a string");
  }

  /**
   * The integral number member {@code name}, or null if absent; fractions and overflow are errors.
   */
  public static Long optLong(Map<String, Object> object, String name) {
    return optional(object, name, Long.class, "an integer");
  }

  /** The object member {@code name}, or null if absent. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> optObject(Map<String, Object> object, String name) {
    return (Map<String, Object>) optional(object, name, Map.class, "an object");
  }

  /** The array member {@code name}, or null if absent. */
  @SuppressWarnings("unchecked")
  public static List<Object> optArray(Map<String, Object> object, String name) {
    return (List<Object>) optional(object, name, List.class, "an array");
  }

  private static <T> T optional(
      Map<String, Object> object, String name, Class<T> type, String what) {
    Object value = object.get(name);
    if (value == null) {
      if (object.containsKey(name)) {
        throw new IllegalArgumentException("member '" + name + "' is null");
      }
      return null;
    }
    if (!type.isInstance(value)) {
      throw new IllegalArgumentException("member '" + name + "' is not " + what);
    }
    return type.cast(value);
  }
}
