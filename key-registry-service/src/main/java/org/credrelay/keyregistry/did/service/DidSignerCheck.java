package org.credrelay.keyregistry.did.service;

import java.time.Instant;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.keyhistory.KeyUsage;
import org.credrelay.keyregistry.auth.SignedRequest;
import org.credrelay.keyregistry.did.Did;
import org.credrelay.keyregistry.error.Reason;
import org.credrelay.keyregistry.error.RegistryException;
import org.credrelay.keyregistry.key.RegisteredKey;
import org.credrelay.keyregistry.key.service.KeyManager;
import org.springframework.stereotype.Component;

/**
 * Who may change a DID's keys (S8): a request signed by an authentication key of that DID that is
 * ACTIVE and not scheduled for revocation. A key inside a rotation grace period stays ACTIVE for
 * everything else, but can no longer authorise key changes: a rotation usually means the old key is
 * suspect, and the grace period must not give its thief a window to take the DID over.
 */
@Component
public class DidSignerCheck {

  private final KeyManager keys;

  public DidSignerCheck(KeyManager keys) {
    this.keys = keys;
  }

  /**
   * Before the change, for signature verification: the named signer key exists and is an
   * authentication key; returns it (the verifying interceptor then checks signature and nonce).
   *
   * @throws RegistryException UNAUTHENTICATED
   */
  public PublicKeyJwk signerKey(String keyId) {
    RegisteredKey signer =
        keys.find(keyId == null ? "" : keyId)
            .orElseThrow(
                () ->
                    new RegistryException(
                        Reason.UNKNOWN_SIGNER_KEY, "x-credrelay-key-id names no registered key"));
    if (signer.usage() != KeyUsage.AUTHENTICATION) {
      throw new RegistryException(
          Reason.SIGNER_NOT_AUTHENTICATION_KEY, "requests are signed with an authentication key");
    }
    return signer.publicKey();
  }

  /**
   * Inside the change's transaction, with the DID locked: the signer belongs to {@code did} and may
   * authorise key changes at {@code now}.
   *
   * @throws RegistryException PERMISSION_DENIED
   */
  public void requireAuthorised(Did did, SignedRequest signed, Instant now) {
    if (signed.did() != null && !signed.did().equals(did.value())) {
      throw new RegistryException(
          Reason.SIGNER_OF_OTHER_OWNER, "x-credrelay-did names another DID than the request");
    }
    RegisteredKey signer = keys.find(signed.keyId()).orElseThrow();
    if (!signer.owner().equals(did.owner())) {
      throw new RegistryException(
          Reason.SIGNER_OF_OTHER_OWNER, "the signing key belongs to another DID or connection");
    }
    if (!signer.isActiveWithoutScheduledRevocation(now)) {
      throw new RegistryException(
          Reason.SIGNER_NOT_ACTIVE,
          "the signing key is revoked or being rotated out; sign with an ACTIVE authentication key");
    }
  }
}
