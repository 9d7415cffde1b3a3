package org.credrelay.issuergateway.delivery.service;

import org.credrelay.issuergateway.connection.service.ConnectionManager;
import org.credrelay.issuergateway.connection.service.ConnectionStateChangedEvent;
import org.credrelay.issuergateway.connection.service.PinnedKeyVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * A closed connection (revoked, expired, key mismatch) seals nothing more: the remembered {@code
 * Zs} of its pinned holder key is dropped ({@link StaticAgreementCache}). Hygiene, not correctness:
 * the cache is keyed by key thumbprints, and another connection with the same holder key simply
 * computes it again.
 */
@Component
class StaticAgreementEvictions {

  private static final Logger LOG = LoggerFactory.getLogger(StaticAgreementEvictions.class);

  private final StaticAgreementCache agreements;
  private final ConnectionManager connections;

  StaticAgreementEvictions(StaticAgreementCache agreements, ConnectionManager connections) {
    this.agreements = agreements;
    this.connections = connections;
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void afterConnectionStateChanged(ConnectionStateChangedEvent event) {
    if (!event.state().closed()) {
      return;
    }
    try {
      connections
          .byId(event.connectionId())
          .filter(connection -> connection.pinnedCommJwk() != null)
          .map(PinnedKeyVerifier::pinnedCommunicationKey)
          .ifPresent(pinned -> agreements.forgetPeerKey(pinned.thumbprint()));
    } catch (RuntimeException e) {
      // Hygiene only: the entry still expires when unused, and the state change stands.
      LOG.debug("could not drop the static agreements of connection {}", event.connectionId(), e);
    }
  }
}
