package org.credrelay.issuergateway.connection.service;

import java.util.List;
import java.util.UUID;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.issuergateway.connection.Connection;
import org.credrelay.issuergateway.connectorclient.ConnectorClient;
import org.credrelay.issuergateway.tenant.IssuerIdentity;
import org.springframework.stereotype.Component;

/**
 * Before each credential send: is the pinned holder communication key still an ACTIVE key of the
 * connection according to the connector ({@code GetConnectionCommunicationKeys})? The connector is
 * untrusted, so anything but the pinned key material under the pinned kid is a disagreement. A
 * confirmation is reused for {@code gateway.delivery.holder-key-max-age}
 * ({@link HolderKeyConfirmations}); any other answer is never reused.
 */
@Component
public class PinnedKeyVerifier {

  /** Outcome of the check. */
  public sealed interface Result {
    /** The pinned key is listed as ACTIVE. */
    record Confirmed(PublicKeyJwk pinned) implements Result {}

    /** The connector lists no communication key at all (revoked by the holder, or withheld). */
    record NoActiveKey(String detail) implements Result {}

    /** The connector lists other key material than the pinned key. */
    record Mismatch(String detail) implements Result {}
  }

  private final ConnectorClient connector;
  private final HolderKeyConfirmations confirmations;

  public PinnedKeyVerifier(ConnectorClient connector, HolderKeyConfirmations confirmations) {
    this.connector = connector;
    this.confirmations = confirmations;
  }

  /** @throws io.grpc.StatusRuntimeException if the connector could not be asked */
  public Result check(IssuerIdentity issuer, Connection connection) {
    PublicKeyJwk pinned = pinnedCommunicationKey(connection);
    if (confirmations.fresh(connection.id(), pinned.kid())) {
      return new Result.Confirmed(pinned);
    }
    Result result = ask(issuer, connection, pinned);
    if (result instanceof Result.Confirmed) {
      confirmations.confirmed(connection.id(), pinned.kid());
    }
    return result;
  }

  /**
   * The connector refused a message sealed to the pinned key (perhaps no longer ACTIVE): the next
   * check asks again instead of trusting the last confirmation until it expires.
   */
  public void distrustConfirmation(UUID connectionId) {
    confirmations.forget(connectionId);
  }

  private Result ask(IssuerIdentity issuer, Connection connection, PublicKeyJwk pinned) {
    List<org.credrelay.proto.common.v1.ConnectionKey> listed = connector.communicationKeys(issuer,
        connection.connectorConnectionId());
    if (listed.isEmpty()) {
      return new Result.NoActiveKey("the connector lists no ACTIVE communication key of the holder");
    }
    for (var key : listed) {
      if (!key.getKeyId().equals(pinned.kid())) {
        continue;
      }
      try {
        PublicKeyJwk served = Keys.parsePublic(key.getPublicKey().getJwk(), KeyUse.COMMUNICATION);
        return served.sameKeyAs(pinned) ? new Result.Confirmed(pinned)
            : new Result.Mismatch("the connector serves other key material under the pinned kid "
                + pinned.kid());
      } catch (KeyRejectedException e) {
        return new Result.Mismatch("the connector serves an invalid key under the pinned kid "
            + pinned.kid());
      }
    }
    return new Result.Mismatch("the pinned holder key " + pinned.kid()
        + " is not among the holder's ACTIVE keys at the connector");
  }

  /** The pinned holder communication key of a VERIFIED connection. */
  public static PublicKeyJwk pinnedCommunicationKey(Connection connection) {
    try {
      return Keys.parsePublic(connection.pinnedCommJwk(), KeyUse.COMMUNICATION)
          .withKid(connection.pinnedCommKid());
    } catch (KeyRejectedException | RuntimeException e) {
      throw new IllegalStateException("connection " + connection.id() + " has no valid pinned key");
    }
  }
}
