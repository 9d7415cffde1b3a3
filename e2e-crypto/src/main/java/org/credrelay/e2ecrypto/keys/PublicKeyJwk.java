package org.credrelay.e2ecrypto.keys;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.e2ecrypto.internal.Json;

/**
 * A validated public key with its use, curve and {@code kid}: the only form in which this library
 * accepts a key that came over the wire. Immutable.
 *
 * <p>Two instances are {@link #equals equal} when key material and kid are equal; {@link
 * #sameKeyAs} compares key material only (by thumbprint), which is what pinning needs.
 */
public final class PublicKeyJwk {

  private final KeyCurve curve;
  private final String kid;
  private final byte[] x;
  private final byte[] y;
  private final String thumbprint;
  private final ECPoint ecPoint;

  /**
   * The Ed25519 point decoded once per key (null for other curves). Bouncy Castle's verification by
   * key bytes decodes the point again on every signature (a square root in the field, ~11 us of a
   * ~130-190 us check on this project's machine), and the same few keys sign almost every request
   * (decision 0060-edverify). A pure function of {@link #x}, so it lives and dies with this key
   * object: whether the key may still be used is decided where the key is looked up, as before.
   */
  private final Ed25519.PublicPoint edPoint;

  /**
   * @param x for Ed25519, a point already validated ({@link CurvePoints}) or derived from our own
   *     private key
   */
  PublicKeyJwk(KeyCurve curve, String kid, byte[] x, byte[] y, String thumbprint, ECPoint ecPoint) {
    this(
        curve, kid, x, y, thumbprint, ecPoint, curve == KeyCurve.ED25519 ? decodeEd25519(x) : null);
  }

  private PublicKeyJwk(
      KeyCurve curve,
      String kid,
      byte[] x,
      byte[] y,
      String thumbprint,
      ECPoint ecPoint,
      Ed25519.PublicPoint edPoint) {
    this.curve = curve;
    this.kid = kid;
    this.x = x.clone();
    this.y = y == null ? null : y.clone();
    this.thumbprint = thumbprint;
    this.ecPoint = ecPoint;
    this.edPoint = edPoint;
  }

  /**
   * Decodes a validated Ed25519 key. The partial check (canonical encoding, on the curve) is what
   * Bouncy Castle's verification by key bytes does on every call; the order check was done once
   * when the key was read.
   */
  private static Ed25519.PublicPoint decodeEd25519(byte[] x) {
    Ed25519.PublicPoint point = Ed25519.validatePublicKeyPartialExport(x, 0);
    if (point == null) {
      throw new IllegalArgumentException("not a valid Ed25519 public key");
    }
    return point;
  }

  /**
   * Parses and validates a public JWK for {@code use}; kids follow {@link
   * KidPolicy#ANY_WELL_FORMED}.
   *
   * @throws KeyRejectedException if the JSON is not a valid public key for that use
   */
  public static PublicKeyJwk parse(String json, KeyUse use) throws KeyRejectedException {
    return parse(json, use, KidPolicy.ANY_WELL_FORMED);
  }

  /** As {@link #parse(String, KeyUse)}, with an explicit kid policy. */
  public static PublicKeyJwk parse(String json, KeyUse use, KidPolicy policy)
      throws KeyRejectedException {
    return JwkReader.readPublic(JwkReader.parseJson(json), use, policy, false);
  }

  /**
   * As {@link #parse(String, KeyUse, KidPolicy)} for a JWK already parsed as a JSON object member.
   */
  public static PublicKeyJwk fromJsonObject(Map<String, Object> jwk, KeyUse use, KidPolicy policy)
      throws KeyRejectedException {
    return JwkReader.readPublic(jwk, use, policy, false);
  }

  public KeyCurve curve() {
    return curve;
  }

  public KeyUse use() {
    return curve.use();
  }

  /** The key id; the RFC 7638 thumbprint unless the key was given another one. */
  public String kid() {
    return kid;
  }

  /** RFC 7638 thumbprint: base64url(SHA-256(canonical JWK)). */
  public String thumbprint() {
    return thumbprint;
  }

  /** This key with another kid, checked against the rules of {@link KidPolicy#ANY_WELL_FORMED}. */
  public PublicKeyJwk withKid(String newKid) {
    try {
      String checked =
          Kids.resolve(Objects.requireNonNull(newKid), thumbprint, KidPolicy.ANY_WELL_FORMED);
      return new PublicKeyJwk(curve, checked, x, y, thumbprint, ecPoint, edPoint);
    } catch (KeyRejectedException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** True if both are the same key material (same thumbprint), whatever their kids. */
  public boolean sameKeyAs(PublicKeyJwk other) {
    return other != null && thumbprint.equals(other.thumbprint);
  }

  /**
   * Verifies a signature made with the matching private key: Ed25519 (64 bytes) or ES256K (JOSE
   * r||s, 64 bytes; high-S accepted, see {@link KeyPairJwk#sign}).
   *
   * @throws IllegalStateException if this is a communication key
   */
  public boolean verifySignature(byte[] message, byte[] signature) {
    if (use() != KeyUse.AUTHENTICATION) {
      throw new IllegalStateException("a " + curve.crv() + " key cannot verify signatures");
    }
    return curve == KeyCurve.ED25519
        ? SignatureOps.verifyEd25519(edPoint, message, signature)
        : SignatureOps.verifyEs256k(ecPoint, message, signature);
  }

  /** The public JWK as a JSON object: kty, crv, x, (y), kid. */
  public Map<String, Object> toJsonObject() {
    Map<String, Object> jwk = toJsonObjectWithoutKid();
    jwk.put("kid", kid);
    return jwk;
  }

  /** The bare public JWK (kty, crv, x, (y)), as used for an ephemeral {@code epk}. */
  public Map<String, Object> toJsonObjectWithoutKid() {
    Map<String, Object> jwk = new LinkedHashMap<>();
    jwk.put("kty", curve.kty());
    jwk.put("crv", curve.crv());
    jwk.put("x", Base64Url.encode(x));
    if (y != null) {
      jwk.put("y", Base64Url.encode(y));
    }
    return jwk;
  }

  /** The public JWK as compact JSON: what goes over the wire. */
  public String toJson() {
    return Json.write(toJsonObject());
  }

  byte[] x() {
    return x;
  }

  byte[] y() {
    return y;
  }

  ECPoint ecPoint() {
    return ecPoint;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PublicKeyJwk other
        && curve == other.curve
        && kid.equals(other.kid)
        && Arrays.equals(x, other.x)
        && Arrays.equals(y, other.y);
  }

  @Override
  public int hashCode() {
    return Objects.hash(curve, kid, thumbprint);
  }

  @Override
  public String toString() {
    return "PublicKeyJwk[" + curve.crv() + ", kid=" + kid + "]";
  }
}
