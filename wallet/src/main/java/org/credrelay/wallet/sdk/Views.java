package org.credrelay.wallet.sdk;

import java.time.Instant;
import org.credrelay.e2ecrypto.keys.SafetyNumber;
import org.credrelay.wallet.store.ConnectionRecord;
import org.credrelay.wallet.store.CredentialRecord;
import org.credrelay.wallet.store.StoreException;
import org.credrelay.wallet.store.WalletState;

/** Stored records to the public views (which never carry private keys or the invitation secret). */
final class Views {

  private Views() {}

  static Connection connection(ConnectionRecord r) {
    return new Connection(
        r.connectionId(),
        r.connectorConnectionId(),
        r.issuerDid(),
        r.issuerName(),
        r.connectorIssuerName(),
        status(r.status()),
        r.safetyNumber() == null ? null : new SafetyNumber(r.safetyNumber()),
        r.failure(),
        r.acceptedAt(),
        r.verifiedAt(),
        kid(r.communicationKey()),
        kid(r.issuerCommunicationKey()),
        r.retiredIssuerKey() == null ? null : kid(r.retiredIssuerKey().jwk()),
        curve(r.communicationKey()),
        authenticationKid(r.issuerAuthenticationKey()));
  }

  /** The curve ({@code crv}) of the wallet's own communication key of a connection. */
  private static String curve(String privateJwk) {
    try {
      return org.credrelay.e2ecrypto.keys.KeyPairJwk.parse(
              privateJwk, org.credrelay.e2ecrypto.keys.KeyUse.COMMUNICATION)
          .curve()
          .crv();
    } catch (org.credrelay.e2ecrypto.keys.KeyRejectedException e) {
      throw new IllegalStateException("a stored communication key is invalid", e);
    }
  }

  /** The key id of a pinned issuer authentication JWK, or null if none. */
  private static String authenticationKid(String jwk) {
    if (jwk == null) {
      return null;
    }
    try {
      return org.credrelay.e2ecrypto.keys.PublicKeyJwk.parse(
              jwk,
              org.credrelay.e2ecrypto.keys.KeyUse.AUTHENTICATION,
              org.credrelay.e2ecrypto.keys.KidPolicy.ANY_WELL_FORMED)
          .kid();
    } catch (org.credrelay.e2ecrypto.keys.KeyRejectedException e) {
      throw new IllegalStateException("a pinned issuer authentication key is invalid", e);
    }
  }

  /** The key id of a stored communication JWK (private or public), or null if none. */
  private static String kid(String jwk) {
    if (jwk == null) {
      return null;
    }
    try {
      return org.credrelay.e2ecrypto.keys.PublicKeyJwk.parse(
              jwk.contains("\"d\"")
                  ? org.credrelay.e2ecrypto.keys.KeyPairJwk.parse(
                          jwk, org.credrelay.e2ecrypto.keys.KeyUse.COMMUNICATION)
                      .publicKey()
                      .toJson()
                  : jwk,
              org.credrelay.e2ecrypto.keys.KeyUse.COMMUNICATION)
          .kid();
    } catch (org.credrelay.e2ecrypto.keys.KeyRejectedException e) {
      throw new IllegalStateException("a stored communication key is invalid", e);
    }
  }

  static Credential credential(CredentialRecord r, byte[] document) {
    return new Credential(
        r.credentialId(),
        r.connectionId(),
        r.issuerDid(),
        r.mediaType(),
        document,
        Instant.ofEpochMilli(r.issuedAtMillis()),
        r.receivedAt(),
        r.revokedAt(),
        r.revocationReason());
  }

  /** Reads a stored credential's document from its file. */
  static byte[] document(WalletState state, CredentialRecord r) {
    try {
      return state.document(r);
    } catch (StoreException e) {
      throw Errors.store(e);
    }
  }

  static ConnectionStatus status(ConnectionRecord.Status status) {
    return switch (status) {
      case HANDSHAKE_PENDING -> ConnectionStatus.HANDSHAKE_PENDING;
      case VERIFIED -> ConnectionStatus.VERIFIED;
      case HANDSHAKE_FAILED -> ConnectionStatus.HANDSHAKE_FAILED;
      case KEY_MISMATCH -> ConnectionStatus.KEY_MISMATCH;
      case HANDSHAKE_REFUSED -> ConnectionStatus.HANDSHAKE_REFUSED;
      case HANDSHAKE_TIMED_OUT -> ConnectionStatus.HANDSHAKE_TIMED_OUT;
    };
  }
}
