package org.credrelay.issuergateway.tenant.service;

import java.math.BigInteger;
import java.util.Base64;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;

/**
 * {@code did:key} of an Ed25519 public key (W3C CCG did:key method): {@code "did:key:z" +
 * base58btc(0xed 0x01 || 32-byte public key)}; such DIDs start with {@code did:key:z6Mk}.
 */
public final class DidKey {

  private static final String ALPHABET =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final byte[] ED25519_PUB_MULTICODEC = {(byte) 0xed, 0x01};

  private DidKey() {}

  /** The did:key of an Ed25519 authentication key. */
  public static String fromEd25519(PublicKeyJwk key) {
    if (key.curve() != KeyCurve.ED25519) {
      throw new IllegalArgumentException("did:key derivation needs an Ed25519 key, got " + key);
    }
    String x = (String) key.toJsonObjectWithoutKid().get("x");
    return fromEd25519Bytes(Base64.getUrlDecoder().decode(x));
  }

  /** The did:key of a raw 32-byte Ed25519 public key. */
  public static String fromEd25519Bytes(byte[] publicKey) {
    if (publicKey.length != 32) {
      throw new IllegalArgumentException("an Ed25519 public key has 32 bytes");
    }
    byte[] prefixed = new byte[ED25519_PUB_MULTICODEC.length + publicKey.length];
    System.arraycopy(ED25519_PUB_MULTICODEC, 0, prefixed, 0, ED25519_PUB_MULTICODEC.length);
    System.arraycopy(publicKey, 0, prefixed, ED25519_PUB_MULTICODEC.length, publicKey.length);
    return "did:key:z" + base58(prefixed);
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

  /** Inverse of {@link #base58(byte[])}. */
  static byte[] decodeBase58(String text) {
    BigInteger value = BigInteger.ZERO;
    for (char c : text.toCharArray()) {
      int digit = ALPHABET.indexOf(c);
      if (digit < 0) {
        throw new IllegalArgumentException("not base58");
      }
      value = value.multiply(BigInteger.valueOf(58)).add(BigInteger.valueOf(digit));
    }
    byte[] magnitude = value.toByteArray();
    int strip = magnitude.length > 1 && magnitude[0] == 0 ? 1 : 0;
    int zeros = 0;
    while (zeros < text.length() && text.charAt(zeros) == '1') {
      zeros++;
    }
    byte[] out = new byte[zeros + magnitude.length - strip];
    System.arraycopy(magnitude, strip, out, zeros, magnitude.length - strip);
    return value.signum() == 0 ? new byte[zeros] : out;
  }
}
