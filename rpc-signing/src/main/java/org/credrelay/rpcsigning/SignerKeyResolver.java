package org.credrelay.rpcsigning;

import org.credrelay.e2ecrypto.keys.PublicKeyJwk;

/**
 * The service-specific half of request verification: which authentication key must have signed a
 * call (a participant's registered key, a holder's key, a trusted connector's key). The {@link
 * SignatureVerifyingInterceptor} then checks the signature, timestamp and nonce with it.
 */
@FunctionalInterface
public interface SignerKeyResolver {

  /**
   * @return the authentication key that must have signed {@code call}
   * @throws RuntimeException the service's own refusal (e.g. unknown key, signer not allowed for
   *     this method); the interceptor closes the call with the service's error mapping of it
   */
  PublicKeyJwk signerKey(SignedCall call);
}
