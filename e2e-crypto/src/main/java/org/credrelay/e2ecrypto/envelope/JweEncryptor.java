package org.credrelay.e2ecrypto.envelope;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.e2ecrypto.internal.Digests;
import org.credrelay.e2ecrypto.internal.Json;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;

/**
 * Builds a DIDComm-v2-shaped JWE: one ephemeral key for all recipients in the protected header,
 * content encrypted once, the content key wrapped per recipient. For 1PU the tag must exist before
 * the keys are wrapped, hence encrypt first, wrap second.
 */
final class JweEncryptor {

  private final SealingRandomness random;
  private final StaticAgreements statics;

  JweEncryptor(SealingRandomness random) {
    this(random, StaticAgreements.computeEveryTime());
  }

  JweEncryptor(SealingRandomness random, StaticAgreements statics) {
    this.random = random;
    this.statics = statics;
  }

  /**
   * @param senderKid the {@code skid} naming {@code sender} (null for anoncrypt)
   * @param recipientKids the {@code kid} naming each of {@code recipients}, in the same order
   */
  GeneralJwe encrypt(
      KeyWrapAlgorithm alg,
      ContentEncryption enc,
      KeyPairJwk sender,
      String senderKid,
      List<PublicKeyJwk> recipients,
      List<String> recipientKids,
      Map<String, Object> extraHeader,
      byte[] plaintext)
      throws GeneralSecurityException, KeyRejectedException {
    KeyPairJwk ephemeral = random.ephemeralKey(recipients.get(0).curve());
    String sortedKids = String.join(".", recipientKids.stream().sorted().toList());
    byte[] apv = Digests.sha256(sortedKids.getBytes(StandardCharsets.US_ASCII));
    byte[] apu = sender == null ? null : senderKid.getBytes(StandardCharsets.UTF_8);

    Map<String, Object> header = new LinkedHashMap<>();
    header.put("typ", EnvelopeHeaders.TYP);
    header.put("alg", alg.jose());
    header.put("enc", enc.jose());
    if (sender != null) {
      header.put("skid", senderKid);
      header.put("apu", Base64Url.encode(apu));
    }
    header.put("apv", Base64Url.encode(apv));
    header.put("epk", ephemeral.publicKey().toJsonObjectWithoutKid());
    header.putAll(extraHeader);
    String protectedB64 = Base64Url.encode(Json.write(header).getBytes(StandardCharsets.UTF_8));

    byte[] cek = random.contentKey(enc.keyBytes());
    byte[] iv = random.iv(enc.ivBytes());
    try {
      ContentEncryption.Encrypted encrypted =
          enc.encrypt(cek, iv, protectedB64.getBytes(StandardCharsets.US_ASCII), plaintext);
      List<GeneralJwe.Recipient> wrapped = new ArrayList<>();
      for (int i = 0; i < recipients.size(); i++) {
        PublicKeyJwk recipient = recipients.get(i);
        wrapped.add(
            new GeneralJwe.Recipient(
                recipientKids.get(i),
                EcdhKeyWrap.wrap(
                    alg, ephemeral, sender, recipient, apu, apv, encrypted.tag(), cek, statics)));
      }
      return new GeneralJwe(
          protectedB64, List.copyOf(wrapped), iv, encrypted.ciphertext(), encrypted.tag());
    } finally {
      Arrays.fill(cek, (byte) 0);
    }
  }
}
