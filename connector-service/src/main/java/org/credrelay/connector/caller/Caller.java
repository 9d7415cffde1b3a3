package org.credrelay.connector.caller;

/**
 * The authenticated caller of an RPC. Participants (issuers, verifiers) are identified by DID,
 * holders by the RFC 7638 thumbprint of their authentication key. A DID always starts with {@code
 * did:} and a thumbprint never contains {@code :}, so {@link #id()} values of the two kinds never
 * collide; they are stored as sender and recipient ids.
 */
public sealed interface Caller {

  /** Identity used as message sender/recipient id. */
  String id();

  /** The kid that signed the request. */
  String keyId();

  /** An issuer or verifier, by DID. */
  record Participant(String did, String keyId) implements Caller {
    @Override
    public String id() {
      return did;
    }
  }

  /** A holder, by the thumbprint of its authentication key (which is also its key id). */
  record Holder(String keyId) implements Caller {
    @Override
    public String id() {
      return keyId;
    }
  }
}
