package org.credrelay.e2ecrypto.keys;

import java.math.BigInteger;
import java.util.Base64;
import java.util.Map;

/**
 * The {@code did:key} of an authentication key (W3C CCG did:key method): {@code "did:key:z" +
 * base58btc(multicodec || public key)} with multicodec {@code 0xed 0x01} and the 32-byte key for
 * Ed25519 ({@code did:key:z6Mk...}), {@code 0xe7 0x01} and the 33-byte compressed point for
 * secp256k1 ({@code did:key:zQ3s...}). A did:key names exactly one key, so whoever registers it
 * must register that key (docs/KEY-REGISTRY.md, DID methods).
 */
public final class DidKey {

  /** The DID method prefix. */
  public static final String PREFIX = "did:key:";

  private static final String ALPHABET =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

  private DidKey() {}

  /** The did:key of {@code key} (Ed25519 or secp256k1). */
  public static String of(PublicKeyJwk key) {
    Map<String, Object> jwk = key.toJsonObjectWithoutKid();
    byte[] x = Base64.getUrlDecoder().decode((String) jwk.get("x"));
    return switch (key.curve()) {
      case ED25519 -> PREFIX + "z" + base58(concat(new byte[] {(byte) 0xed, 0x01}, x));
      case SECP256K1 -> {
        byte[] y = Base64.getUrlDecoder().decode((String) jwk.get("y"));
        byte parity = (byte) ((y[y.length - 1] & 1) == 0 ? 0x02 : 0x03);
        yield PREFIX + "z" + base58(concat(new byte[] {(byte) 0xe7, 0x01, parity}, x));
      }
      default ->
          throw new IllegalArgumentException(
              "a did:key names an authentication key, got " + key.curve());
    };
  }

  /**
   * The did:key of a communication (key agreement) key, used to name a holder in DIDComm messages
   * (PROTOCOL.md section 3.5): multicodec {@code 0xec 0x01} and the 32-byte key for X25519 ({@code
   * did:key:z6LS...}), {@code 0x80 0x24} and the 33-byte compressed point for P-256 ({@code
   * did:key:zDn...}).
   */
  public static String ofCommunicationKey(PublicKeyJwk key) {
    Map<String, Object> jwk = key.toJsonObjectWithoutKid();
    byte[] x = Base64.getUrlDecoder().decode((String) jwk.get("x"));
    return switch (key.curve()) {
      case X25519 -> PREFIX + "z" + base58(concat(new byte[] {(byte) 0xec, 0x01}, x));
      case P_256 -> {
        byte[] y = Base64.getUrlDecoder().decode((String) jwk.get("y"));
        byte parity = (byte) ((y[y.length - 1] & 1) == 0 ? 0x02 : 0x03);
        yield PREFIX + "z" + base58(concat(new byte[] {(byte) 0x80, 0x24, parity}, x));
      }
      default ->
          throw new IllegalArgumentException(
              "expected a communication key (X25519 or P-256), got " + key.curve());
    };
  }

  /**
   * The DID URL of the single verification method of {@link #ofCommunicationKey}'s DID: {@code
   * did:key:<mb>#<mb>} as the did:key method names it.
   */
  public static String urlOfCommunicationKey(PublicKeyJwk key) {
    String did = ofCommunicationKey(key);
    return did + "#" + did.substring(PREFIX.length());
  }

  /** True if {@code did} is a did:key DID (whatever key it names). */
  public static boolean isDidKey(String did) {
    return did.startsWith(PREFIX);
  }

  private static byte[] concat(byte[] prefix, byte[] key) {
    byte[] out = new byte[prefix.length + key.length];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(key, 0, out, prefix.length, key.length);
    return out;
  }

  /** Bitcoin-alphabet base58 (leading zero bytes become '1'). */
  static String base58(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    BigInteger value = new BigInteger(1, bytes);
    BigInteger base = BigInteger.valueOf(58);
    while (value.signum() > 0) {
      BigInteger[] division = value.divideAndRemainder(base);
      out.append(ALPHABET.charAt(division[1].intValue()));
      value = division[0];
    }
    for (int i = 0; i < bytes.length && bytes[i] == 0; i++) {
      out.append('1');
    }
    return out.reverse().toString();
  }
}
