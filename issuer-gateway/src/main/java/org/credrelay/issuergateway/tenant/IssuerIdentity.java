package org.credrelay.issuergateway.tenant;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.issuergateway.connectorclient.SigningIdentity;

/**
 * A tenant's DID with its decrypted ACTIVE key pairs, for signing requests and sealing envelopes:
 * one authentication key and one communication key per curve the tenant holds (X25519 always, P-256
 * once added). Obtain it per operation; the only long-lived copies are those of {@code
 * tenant.service.IssuerIdentityCache}, which drops them when the keys change. Never log it ({@link
 * #toString()} is redacted).
 *
 * @param communicationKey the X25519 communication key (the default curve)
 * @param communicationKeys every ACTIVE communication key, at most one per curve, including {@code
 *     communicationKey}
 */
public record IssuerIdentity(
    UUID tenantId,
    String did,
    KeyPairJwk authenticationKey,
    KeyPairJwk communicationKey,
    List<KeyPairJwk> communicationKeys)
    implements SigningIdentity {

  public IssuerIdentity {
    communicationKeys = List.copyOf(communicationKeys);
  }

  /** An identity with only the default-curve communication key. */
  public IssuerIdentity(
      UUID tenantId, String did, KeyPairJwk authenticationKey, KeyPairJwk communicationKey) {
    this(tenantId, did, authenticationKey, communicationKey, List.of(communicationKey));
  }

  /** The ACTIVE communication key on {@code curve}, if the tenant holds one. */
  public Optional<KeyPairJwk> communicationKey(KeyCurve curve) {
    return communicationKeys.stream().filter(key -> key.curve() == curve).findFirst();
  }

  /** The kids of every ACTIVE key of this identity. */
  public Set<String> kids() {
    Set<String> kids = new LinkedHashSet<>();
    kids.add(authenticationKey.kid());
    communicationKeys.forEach(key -> kids.add(key.kid()));
    return kids;
  }

  @Override
  public String toString() {
    return "IssuerIdentity[" + did + ", keys redacted]";
  }
}
