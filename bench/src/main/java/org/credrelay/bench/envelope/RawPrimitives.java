package org.credrelay.bench.envelope;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.util.BigIntegers;

/**
 * The cost floor of an authcrypt envelope: the primitives it cannot avoid, with nothing else. Seal
 * = ephemeral key generation + two ECDH (ephemeral-static, static-static) + the content encryption
 * the protocol mandates (AES-256-CBC + HMAC-SHA-512 over the plaintext). Open = two ECDH + HMAC
 * verification + AES-256-CBC decryption. Same Bouncy Castle curve code as e2e-crypto (rfc7748
 * X25519, the custom secp256r1 curve), used as its authors intend (fixed-point comb for generator
 * multiplications), JCE ciphers initialised but not looked up per operation. No JSON, no base64, no
 * key wrap, no KDF, no point validation: those are the envelope's overhead.
 */
final class RawPrimitives {

  private static final ECDomainParameters P256 = domain();

  private final boolean x25519;
  private final SecureRandom random;
  private final Cipher aes;
  private final Mac hmac;
  private final byte[] iv = new byte[16];
  // X25519 keys
  private final byte[] senderPrivate = new byte[32];
  private final byte[] recipientPrivate = new byte[32];
  private final byte[] senderPublic = new byte[32];
  private final byte[] recipientPublic = new byte[32];
  // P-256 keys
  private final AsymmetricCipherKeyPair senderPair;
  private final AsymmetricCipherKeyPair recipientPair;
  private final ECKeyPairGenerator generator = new ECKeyPairGenerator();

  RawPrimitives(boolean x25519, SecureRandom random) throws GeneralSecurityException {
    this.x25519 = x25519;
    this.random = random;
    this.aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
    this.hmac = Mac.getInstance("HmacSHA512");
    random.nextBytes(iv);
    generator.init(new ECKeyGenerationParameters(P256, random));
    X25519.generatePrivateKey(random, senderPrivate);
    X25519.generatePrivateKey(random, recipientPrivate);
    X25519.generatePublicKey(senderPrivate, 0, senderPublic, 0);
    X25519.generatePublicKey(recipientPrivate, 0, recipientPublic, 0);
    senderPair = generator.generateKeyPair();
    recipientPair = generator.generateKeyPair();
  }

  /** An ephemeral key pair as the seal makes it; returns the public key's encoding. */
  byte[] generateKeyPair() {
    if (x25519) {
      byte[] ephemeralPrivate = new byte[32];
      byte[] ephemeralPublic = new byte[32];
      X25519.generatePrivateKey(random, ephemeralPrivate);
      X25519.generatePublicKey(ephemeralPrivate, 0, ephemeralPublic, 0);
      return ephemeralPublic;
    }
    return ((ECPublicKeyParameters) generator.generateKeyPair().getPublic())
        .getQ()
        .getEncoded(false);
  }

  /** What the sender computes: returns {ephemeral public, ciphertext || tag}. */
  byte[][] seal(byte[] plaintext) throws GeneralSecurityException {
    byte[] ephemeralPublic;
    byte[] ze;
    byte[] zs;
    if (x25519) {
      byte[] ephemeralPrivate = new byte[32];
      ephemeralPublic = new byte[32];
      X25519.generatePrivateKey(random, ephemeralPrivate);
      X25519.generatePublicKey(ephemeralPrivate, 0, ephemeralPublic, 0);
      ze = new byte[32];
      zs = new byte[32];
      X25519.calculateAgreement(ephemeralPrivate, 0, recipientPublic, 0, ze, 0);
      X25519.calculateAgreement(senderPrivate, 0, recipientPublic, 0, zs, 0);
    } else {
      AsymmetricCipherKeyPair ephemeral = generator.generateKeyPair();
      ephemeralPublic = ((ECPublicKeyParameters) ephemeral.getPublic()).getQ().getEncoded(false);
      ze = ecdh((ECPrivateKeyParameters) ephemeral.getPrivate(), recipientPair);
      zs = ecdh((ECPrivateKeyParameters) senderPair.getPrivate(), recipientPair);
    }
    aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(ze, "AES"), new IvParameterSpec(iv));
    byte[] ciphertext = aes.doFinal(plaintext);
    hmac.init(new SecretKeySpec(zs, "HmacSHA512"));
    hmac.update(iv);
    byte[] tag = Arrays.copyOf(hmac.doFinal(ciphertext), 32);
    byte[] sealed = Arrays.copyOf(ciphertext, ciphertext.length + tag.length);
    System.arraycopy(tag, 0, sealed, ciphertext.length, tag.length);
    return new byte[][] {ephemeralPublic, sealed};
  }

  /** What the recipient computes for {@code sealed} (the output of {@link #seal}). */
  byte[] open(byte[][] sealed) throws GeneralSecurityException {
    byte[] ze;
    byte[] zs;
    if (x25519) {
      ze = new byte[32];
      zs = new byte[32];
      X25519.calculateAgreement(recipientPrivate, 0, sealed[0], 0, ze, 0);
      X25519.calculateAgreement(recipientPrivate, 0, senderPublic, 0, zs, 0);
    } else {
      ECPublicKeyParameters ephemeral =
          new ECPublicKeyParameters(P256.getCurve().decodePoint(sealed[0]), P256);
      ze = ecdh((ECPrivateKeyParameters) recipientPair.getPrivate(), ephemeral);
      zs =
          ecdh(
              (ECPrivateKeyParameters) recipientPair.getPrivate(),
              (ECPublicKeyParameters) senderPair.getPublic());
    }
    byte[] data = sealed[1];
    int length = data.length - 32;
    hmac.init(new SecretKeySpec(zs, "HmacSHA512"));
    hmac.update(iv);
    hmac.update(data, 0, length);
    byte[] tag = Arrays.copyOf(hmac.doFinal(), 32);
    if (!MessageDigest.isEqual(tag, Arrays.copyOfRange(data, length, data.length))) {
      throw new GeneralSecurityException("tag mismatch");
    }
    aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(ze, "AES"), new IvParameterSpec(iv));
    return aes.doFinal(data, 0, length);
  }

  private static byte[] ecdh(ECPrivateKeyParameters own, AsymmetricCipherKeyPair peer) {
    return ecdh(own, (ECPublicKeyParameters) peer.getPublic());
  }

  private static byte[] ecdh(ECPrivateKeyParameters own, ECPublicKeyParameters peer) {
    ECDHBasicAgreement agreement = new ECDHBasicAgreement();
    agreement.init(own);
    BigInteger z = agreement.calculateAgreement(peer);
    return BigIntegers.asUnsignedByteArray(32, z);
  }

  private static ECDomainParameters domain() {
    X9ECParameters params = CustomNamedCurves.getByName("secp256r1");
    return new ECDomainParameters(params.getCurve(), params.getG(), params.getN(), params.getH());
  }
}
