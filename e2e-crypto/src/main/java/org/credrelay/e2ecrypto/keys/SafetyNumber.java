package org.credrelay.e2ecrypto.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.credrelay.e2ecrypto.internal.Digests;

/**
 * A 60-digit number (12 groups of 5) derived from a set of public keys, for people to compare out
 * of band ("safety number", after Signal's). Order-independent: both sides of a connection compute
 * it from the same keys in whatever order they hold them.
 *
 * <p>Derivation (PROTOCOL.md section 1.5): {@code input = "credrelay-safety-number-v1"}, then for
 * each distinct RFC 7638 thumbprint in ascending ASCII order {@code 0x0A || thumbprint}; {@code h =
 * SHA-512(input)}, then 5199 times {@code h = SHA-512(h || input)}; group i (0..11) is the
 * big-endian integer of bytes {@code h[5i..5i+4]} modulo 100000, zero-padded to five digits. The
 * iterations make a brute-force search for a colliding key set 5200 times dearer.
 */
public record SafetyNumber(String digits) {

  public static final int LENGTH = 60;
  private static final int GROUP = 5;
  private static final int ITERATIONS = 5200;
  private static final String VERSION = "credrelay-safety-number-v1";

  public SafetyNumber {
    if (digits == null || !digits.matches("[0-9]{" + LENGTH + "}")) {
      throw new IllegalArgumentException("a safety number is 60 decimal digits");
    }
  }

  /** The safety number of two keys (e.g. both parties' authentication keys). */
  public static SafetyNumber of(PublicKeyJwk a, PublicKeyJwk b) {
    return of(List.of(a, b));
  }

  /** The safety number of a set of at least two distinct keys, independent of their order. */
  public static SafetyNumber of(Collection<PublicKeyJwk> keys) {
    return ofThumbprints(keys.stream().map(PublicKeyJwk::thumbprint).toList());
  }

  /**
   * The safety number of the keys with these RFC 7638 thumbprints (section 1.4): what the number is
   * computed from, so an implementation can be checked against the documented example directly.
   */
  public static SafetyNumber ofThumbprints(Collection<String> keyThumbprints) {
    TreeSet<String> thumbprints = new TreeSet<>(keyThumbprints);
    if (thumbprints.size() < 2) {
      throw new IllegalArgumentException("a safety number needs at least two distinct keys");
    }
    StringBuilder input = new StringBuilder(VERSION);
    thumbprints.forEach(t -> input.append('\n').append(t));
    byte[] in = input.toString().getBytes(StandardCharsets.US_ASCII);
    MessageDigest sha512 = Digests.newDigest("SHA-512");
    byte[] h = sha512.digest(in);
    for (int i = 1; i < ITERATIONS; i++) {
      sha512.update(h);
      h = sha512.digest(in);
    }
    StringBuilder digits = new StringBuilder(LENGTH);
    for (int group = 0; group < LENGTH / GROUP; group++) {
      long chunk = 0;
      for (int i = 0; i < GROUP; i++) {
        chunk = (chunk << 8) | (h[group * GROUP + i] & 0xff);
      }
      digits.append(String.format("%05d", chunk % 100_000));
    }
    return new SafetyNumber(digits.toString());
  }

  /** Digits in groups of five separated by spaces, for display. */
  public String grouped() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < LENGTH; i += GROUP) {
      out.append(i == 0 ? "" : " ").append(digits, i, i + GROUP);
    }
    return out.toString();
  }

  /** True if {@code typed} has the same digits, ignoring spaces (what a person reads back). */
  public boolean matches(String typed) {
    return typed != null && digits.equals(typed.replaceAll("\\s", ""));
  }

  @Override
  public String toString() {
    return grouped();
  }
}
