package org.credrelay.e2ecrypto.envelope;

import static org.credrelay.e2ecrypto.envelope.EnvelopeException.Reason.MALFORMED;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.e2ecrypto.internal.Json;

/**
 * The DIDComm v2 plaintext message inside every envelope (PROTOCOL.md section 3.5): {@code id},
 * {@code typ}, {@code type}, {@code from} (authcrypt only), {@code to}, {@code created_time},
 * {@code expires_time} and {@code body.atala_message}, the serialized {@code AtalaMessage} in
 * base64url.
 *
 * @param from the sender's DID; null for anoncrypt
 * @param to the recipients' DIDs (distinct)
 * @param createdTime Unix epoch seconds
 * @param expiresTime Unix epoch seconds, not before {@code createdTime}
 * @param atalaMessage the serialized protobuf {@code AtalaMessage}
 */
record DidcommMessage(
    String id,
    String from,
    List<String> to,
    long createdTime,
    long expiresTime,
    byte[] atalaMessage) {

  /** {@code typ} of a DIDComm v2 plaintext message. */
  static final String TYP = "application/didcomm-plain+json";

  /** {@code type} (message type URI) of a credrelay message carrying an {@code AtalaMessage}. */
  static final String TYPE = "https://credrelay.org/didcomm/atala-message/1.0";

  /** The body member holding base64url(AtalaMessage). */
  static final String BODY_MEMBER = "atala_message";

  byte[] toJson() {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("id", id);
    message.put("typ", TYP);
    message.put("type", TYPE);
    if (from != null) {
      message.put("from", from);
    }
    message.put("to", to);
    message.put("created_time", createdTime);
    message.put("expires_time", expiresTime);
    message.put("body", Map.of(BODY_MEMBER, Base64Url.encode(atalaMessage)));
    return Json.write(message).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses the decrypted plaintext; anything but a credrelay DIDComm message is {@code MALFORMED}.
   */
  static DidcommMessage parse(byte[] plaintext, int maxBytes) throws EnvelopeException {
    try {
      Map<String, Object> message = Json.parseObject(plaintext, maxBytes);
      String typ = Json.optString(message, "typ");
      if (typ != null && !typ.equals(TYP)) {
        throw new IllegalArgumentException("typ is not " + TYP);
      }
      if (!TYPE.equals(Json.optString(message, "type"))) {
        throw new IllegalArgumentException("type is not " + TYPE);
      }
      Map<String, Object> body = required(Json.optObject(message, "body"), "body");
      long created = required(Json.optLong(message, "created_time"), "created_time");
      long expires = required(Json.optLong(message, "expires_time"), "expires_time");
      if (created < 0 || expires < created) {
        throw new IllegalArgumentException("expires_time before created_time");
      }
      return new DidcommMessage(
          required(Json.optString(message, "id"), "id"),
          Json.optString(message, "from"),
          recipients(required(Json.optArray(message, "to"), "to")),
          created,
          expires,
          Base64Url.decode(required(Json.optString(body, BODY_MEMBER), "body." + BODY_MEMBER)));
    } catch (IllegalArgumentException | ClassCastException e) {
      throw new EnvelopeException(MALFORMED, "not a credrelay DIDComm message: " + e.getMessage());
    }
  }

  private static List<String> recipients(List<Object> array) {
    List<String> to = new ArrayList<>();
    for (Object element : array) {
      to.add((String) element);
    }
    if (to.isEmpty()) {
      throw new IllegalArgumentException("'to' is empty");
    }
    return List.copyOf(to);
  }

  private static <T> T required(T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException("'" + name + "' is missing");
    }
    return value;
  }
}
