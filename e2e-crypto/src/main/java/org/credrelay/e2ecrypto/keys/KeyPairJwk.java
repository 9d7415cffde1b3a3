package org.credrelay.e2ecrypto.keys;

import static org.credrelay.e2ecrypto.keys.KeyRejectedException.Reason.INVALID_PRIVATE_KEY;
import static org.credrelay.e2ecrypto.keys.KeyRejectedException.Reason.MISSING_FIELD;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Map;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.e2ecrypto.internal.Json;

/**
 * A private key with its public half. The private value never leaves this class except through
 * {@link #toPrivateJson()} (for an encrypted key store); {@link #toString()} does not show it.
 */
public final class KeyPairJwk {

  private final PublicKeyJwk publicKey;
  private final byte[] d;
  private final ECPrivateKeyParameters ecPrivate;
  private final Ed25519PrivateKeyParameters edPrivate;

  KeyPairJwk(PublicKeyJwk publicKey, byte[] d) {
    this.publicKey = publicKey;
    this.d = d.clone();
    KeyCurve curve = publicKey.curve();
    this.ecPrivate =
        curve.isEc() ? new ECPrivateKeyParameters(new BigInteger(1, d), EcDomains.of(curve)) : null;
    this.edPrivate = curve == KeyCurve.ED25519 ? new Ed25519PrivateKeyParameters(d, 0) : null;
  }

  /**
   * Parses a private JWK (as written by {@link #toPrivateJson()}) and checks that {@code d} belongs
   * to the public part; kids follow {@link KidPolicy#ANY_WELL_FORMED}.
   *
   * @throws KeyRejectedException if the JWK is not a valid key pair for {@code use}
   */
  public static KeyPairJwk parse(String privateJwkJson, KeyUse use) throws KeyRejectedException {
    Map<String, Object> jwk = JwkReader.parseJson(privateJwkJson);
    PublicKeyJwk publicKey = JwkReader.readPublic(jwk, use, KidPolicy.ANY_WELL_FORMED, true);
    byte[] d = JwkReader.bytes(jwk, "d", false);
    if (d == null) {
      throw new KeyRejectedException(MISSING_FIELD, "private JWK member 'd' is missing");
    }
    if (!KeyMaterial.isValidPrivate(publicKey.curve(), d)) {
      throw new KeyRejectedException(
          INVALID_PRIVATE_KEY, "'d' is out of range for " + publicKey.curve().crv());
    }
    byte[][] derived = KeyMaterial.publicFor(publicKey.curve(), d);
    if (!Arrays.equals(derived[0], publicKey.x()) || !Arrays.equals(derived[1], publicKey.y())) {
      throw new KeyRejectedException(INVALID_PRIVATE_KEY, "'d' does not match the public key");
    }
    return new KeyPairJwk(publicKey, d);
  }

  public PublicKeyJwk publicKey() {
    return publicKey;
  }

  public KeyCurve curve() {
    return publicKey.curve();
  }

  public KeyUse use() {
    return publicKey.use();
  }

  public String kid() {
    return publicKey.kid();
  }

  /** The same key pair under another kid (e.g. a DID URL once the DID document names it). */
  public KeyPairJwk withKid(String kid) {
    return new KeyPairJwk(publicKey.withKid(kid), d);
  }

  /**
   * Raw ECDH shared secret Z with {@code peer} (32 bytes). Callers must feed it to a KDF.
   *
   * @throws IllegalArgumentException if this is not a communication key or the curves differ
   * @throws KeyRejectedException if the result is all zero (a low-order peer point)
   */
  public byte[] agree(PublicKeyJwk peer) throws KeyRejectedException {
    if (use() != KeyUse.COMMUNICATION || peer.curve() != curve()) {
      throw new IllegalArgumentException(
          "key agreement needs two communication keys on one curve, got "
              + curve().crv()
              + " and "
              + peer.curve().crv());
    }
    return curve() == KeyCurve.X25519
        ? Ecdh.x25519(d, peer.x())
        : Ecdh.ecdh(ecPrivate, peer.ecPoint());
  }

  /**
   * Signs {@code message}: Ed25519, or ES256K as JOSE r||s with low S and RFC 6979 nonces. Both
   * give 64 bytes.
   *
   * @throws IllegalStateException if this is a communication key
   */
  public byte[] sign(byte[] message) {
    if (use() != KeyUse.AUTHENTICATION) {
      throw new IllegalStateException("a " + curve().crv() + " key cannot sign");
    }
    return edPrivate != null
        ? SignatureOps.signEd25519(edPrivate, message)
        : SignatureOps.signEs256k(ecPrivate, message);
  }

  /** The private JWK (public members, kid and {@code d}) for a key store that encrypts at rest. */
  public String toPrivateJson() {
    Map<String, Object> jwk = publicKey.toJsonObject();
    jwk.put("d", Base64Url.encode(d));
    return Json.write(jwk);
  }

  @Override
  public String toString() {
    return "KeyPairJwk[" + curve().crv() + ", kid=" + kid() + ", private part redacted]";
  }
}
