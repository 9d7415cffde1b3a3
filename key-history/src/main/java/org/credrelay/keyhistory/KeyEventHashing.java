package org.credrelay.keyhistory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;

/**
 * The canonical bytes of a key event and its hash (docs/PROTOCOL.md §2, "Key registry: key event
 * hash"). Each of the following fields, in this order, is written as a 4-byte unsigned big-endian
 * length followed by that many bytes:
 *
 * <ol>
 *   <li>the ASCII domain label {@value #DOMAIN}
 *   <li>owner type, ASCII {@code DID} or {@code CONNECTION}
 *   <li>owner id (the DID or connection id), UTF-8
 *   <li>sequence, ASCII decimal
 *   <li>event type, ASCII {@code ADDED}, {@code ROTATED} or {@code REVOKED}
 *   <li>key id, UTF-8
 *   <li>usage, ASCII {@code COMMUNICATION} or {@code AUTHENTICATION}
 *   <li>public JWK text exactly as served, UTF-8
 *   <li>replaced key id, UTF-8, empty if none
 *   <li>replaced key revocation time, Unix epoch ms as ASCII decimal, empty if none
 *   <li>occurred at, Unix epoch ms as ASCII decimal
 *   <li>previous event hash (base64url text), empty for sequence 1
 *   <li>signer key id, UTF-8
 *   <li>signed method, UTF-8 (may be empty)
 *   <li>nonce, UTF-8 (may be empty)
 *   <li>signed timestamp, Unix epoch ms as ASCII decimal
 *   <li>signed payload, raw bytes
 *   <li>signature, raw bytes
 * </ol>
 *
 * The hash is SHA-256 over these bytes, base64url without padding. Lengths make the encoding
 * injective, so no two different events share canonical bytes.
 */
public final class KeyEventHashing {

  public static final String DOMAIN = "credrelay-key-event-v1";

  private KeyEventHashing() {}

  /** base64url(SHA-256(canonical bytes)); {@code event.eventHash()} is ignored. */
  public static String hash(KeyEvent event) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(canonicalBytes(event)));
  }

  /** The canonical bytes; {@code event.eventHash()} is not part of them. */
  public static byte[] canonicalBytes(KeyEvent event) {
    EventAuthorization auth = event.authorization();
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    text(out, DOMAIN);
    text(out, event.owner().type().name());
    text(out, event.owner().id());
    text(out, Long.toString(event.sequence()));
    text(out, event.type().name());
    text(out, event.keyId());
    text(out, event.usage().name());
    text(out, event.publicJwk());
    text(out, event.replacedKeyId() == null ? "" : event.replacedKeyId());
    text(out, millis(event.replacedKeyRevokedAt()));
    text(out, millis(event.occurredAt()));
    text(out, event.previousHash());
    text(out, auth.signerKeyId());
    text(out, auth.method());
    text(out, auth.nonce());
    text(out, Long.toString(auth.timestampMillis()));
    bytes(out, auth.signedPayload());
    bytes(out, auth.signature());
    return out.toByteArray();
  }

  private static String millis(Instant instant) {
    return instant == null ? "" : Long.toString(instant.toEpochMilli());
  }

  private static void text(ByteArrayOutputStream out, String value) {
    bytes(out, value.getBytes(StandardCharsets.UTF_8));
  }

  private static void bytes(ByteArrayOutputStream out, byte[] value) {
    int length = value.length;
    out.write(length >>> 24);
    out.write(length >>> 16);
    out.write(length >>> 8);
    out.write(length);
    out.write(value, 0, length);
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }
}
