package org.credrelay.e2ecrypto.envelope;

import static org.credrelay.e2ecrypto.envelope.EnvelopeException.Reason.MALFORMED;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.e2ecrypto.internal.Digests;
import org.credrelay.e2ecrypto.internal.Json;

/**
 * The JWE general JSON serialization (RFC 7516 section 7.2.1) restricted to the DIDComm v2 shape:
 * exactly {@code protected}, {@code recipients}, {@code iv}, {@code ciphertext}, {@code tag}, and a
 * per-recipient header holding only {@code kid}. No {@code unprotected} and no {@code aad}: every
 * header parameter that matters is in the authenticated protected header.
 */
record GeneralJwe(
    String protectedB64, List<Recipient> recipients, byte[] iv, byte[] ciphertext, byte[] tag) {

  /** Enough for any real fan-out; bounds the work an attacker can ask for. */
  static final int MAX_RECIPIENTS = 32;

  /** A DID (at most 512 characters, PROTOCOL.md 4.1), '#' and a kid (at most 256). */
  static final int MAX_KID_LENGTH = 1024;

  private static final Set<String> MEMBERS =
      Set.of("protected", "recipients", "iv", "ciphertext", "tag");

  record Recipient(String kid, byte[] encryptedKey) {}

  static GeneralJwe parse(byte[] json, int maxBytes) throws EnvelopeException {
    if (json == null || json.length > maxBytes) {
      throw new EnvelopeException(
          MALFORMED, "envelope missing or larger than " + maxBytes + " bytes");
    }
    try {
      Map<String, Object> jwe = Json.parseObject(json, maxBytes);
      for (String member : jwe.keySet()) {
        if (!MEMBERS.contains(member)) {
          throw new IllegalArgumentException("unsupported JWE member '" + member + "'");
        }
      }
      String protectedB64 = required(Json.optString(jwe, "protected"), "protected");
      Base64Url.decode(protectedB64);
      return new GeneralJwe(
          protectedB64,
          recipients(required(Json.optArray(jwe, "recipients"), "recipients")),
          bytes(jwe, "iv"),
          bytes(jwe, "ciphertext"),
          bytes(jwe, "tag"));
    } catch (IllegalArgumentException | ClassCastException e) {
      throw new EnvelopeException(MALFORMED, e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Recipient> recipients(List<Object> array) {
    if (array.isEmpty() || array.size() > MAX_RECIPIENTS) {
      throw new IllegalArgumentException("1 to " + MAX_RECIPIENTS + " recipients expected");
    }
    List<Recipient> recipients = new ArrayList<>();
    Set<String> kids = new HashSet<>();
    for (Object element : array) {
      Map<String, Object> recipient = (Map<String, Object>) element;
      Map<String, Object> header = required(Json.optObject(recipient, "header"), "header");
      if (recipient.size() != 2 || header.size() != 1) {
        throw new IllegalArgumentException(
            "a recipient has exactly 'header' {'kid'} and 'encrypted_key'");
      }
      String kid = required(Json.optString(header, "kid"), "kid");
      if (!Digests.isVisibleAscii(kid, MAX_KID_LENGTH) || !kids.add(kid)) {
        throw new IllegalArgumentException("recipient kid malformed or repeated");
      }
      recipients.add(new Recipient(kid, bytes(recipient, "encrypted_key")));
    }
    return List.copyOf(recipients);
  }

  private static byte[] bytes(Map<String, Object> object, String name) {
    return Base64Url.decode(required(Json.optString(object, name), name));
  }

  private static <T> T required(T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException("JWE member '" + name + "' is missing");
    }
    return value;
  }

  /** Recipient kids in the DIDComm apv order: sorted, joined with ".". */
  String sortedKids() {
    return String.join(".", recipients.stream().map(Recipient::kid).sorted().toList());
  }

  String toJson() {
    List<Map<String, Object>> recipientList = new ArrayList<>();
    for (Recipient recipient : recipients) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("header", Map.of("kid", recipient.kid()));
      entry.put("encrypted_key", Base64Url.encode(recipient.encryptedKey()));
      recipientList.add(entry);
    }
    Map<String, Object> jwe = new LinkedHashMap<>();
    jwe.put("protected", protectedB64);
    jwe.put("recipients", recipientList);
    jwe.put("iv", Base64Url.encode(iv));
    jwe.put("ciphertext", Base64Url.encode(ciphertext));
    jwe.put("tag", Base64Url.encode(tag));
    return Json.write(jwe);
  }
}
