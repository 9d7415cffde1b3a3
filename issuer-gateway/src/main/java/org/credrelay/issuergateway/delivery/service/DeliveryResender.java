package org.credrelay.issuergateway.delivery.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.credrelay.issuergateway.config.DeliveryProperties;
import org.credrelay.issuergateway.connection.Connection;
import org.credrelay.issuergateway.connection.ConnectionState;
import org.credrelay.issuergateway.connection.service.ConnectionManager;
import org.credrelay.issuergateway.crypto.AtRestCipher;
import org.credrelay.issuergateway.crypto.AtRestPurpose;
import org.credrelay.issuergateway.delivery.DeliveriesQueuedEvent;
import org.credrelay.issuergateway.delivery.Delivery;
import org.credrelay.issuergateway.delivery.DeliveryFilter;
import org.credrelay.issuergateway.delivery.DeliveryStatus;
import org.credrelay.issuergateway.delivery.NewCredentialDelivery;
import org.credrelay.issuergateway.delivery.ResendOutcome;
import org.credrelay.issuergateway.delivery.ResendSource;
import org.credrelay.issuergateway.delivery.store.DeliveryStore;
import org.credrelay.issuergateway.error.ErrorCode;
import org.credrelay.issuergateway.error.GatewayException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-issues FAILED and EXPIRED credential deliveries: each becomes a new delivery (new id, so a new
 * connector {@code client_message_id} and envelope {@code cr_mid}) of the same credential ({@code
 * credential_id} kept, so a wallet that did receive the original stores it once), linked to the
 * original ({@code resendOf}). Only while the original's encrypted document is held ({@code
 * gateway.delivery.resend-retention}); it moves to the new delivery, so a delivery is re-issued at
 * most once (a resend that ends FAILED or EXPIRED is resent itself). The {@code Idempotency-Key}
 * rules are those of {@code POST /credentials}: same key and request = the original answer, same
 * key and another request = 422; keys share one space with issuing requests.
 */
@Service
public class DeliveryResender {

  private final DeliveryStore store;
  private final DeliveryStateMachine states;
  private final ConnectionManager connections;
  private final AtRestCipher cipher;
  private final TransactionTemplate transactions;
  private final ApplicationEventPublisher events;
  private final DeliveryProperties properties;
  private final Clock clock;

  DeliveryResender(
      DeliveryStore store,
      DeliveryStateMachine states,
      ConnectionManager connections,
      AtRestCipher cipher,
      TransactionTemplate transactions,
      ApplicationEventPublisher events,
      DeliveryProperties properties,
      Clock clock) {
    this.store = store;
    this.states = states;
    this.connections = connections;
    this.cipher = cipher;
    this.transactions = transactions;
    this.events = events;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * Re-issues one delivery.
   *
   * @param deadline the new delivery's deadline, or null for the default
   * @throws GatewayException NOT_FOUND, CONFLICT (not FAILED/EXPIRED, already resent, connection
   *     closed), CONTENT_ERASED (the portal must post the credential again) or
   *     IDEMPOTENCY_KEY_REUSED
   */
  public ResendOutcome resend(
      UUID tenantId, UUID deliveryId, String idempotencyKey, Duration deadline) {
    byte[] hash = hash("resend\n" + deliveryId + "\n" + seconds(deadline));
    return idempotent(
        tenantId,
        idempotencyKey,
        hash,
        () -> List.of(reissue(tenantId, deliveryId, idempotencyKey, 0, hash, deadline)),
        0);
  }

  /**
   * Re-issues up to {@code gateway.delivery.bulk-resend-max-items} resendable deliveries matching
   * {@code filter} (status FAILED, EXPIRED or either), oldest first, in one transaction.
   */
  public ResendOutcome resendAll(
      UUID tenantId, DeliveryFilter filter, String idempotencyKey, Duration deadline) {
    checkStatus(filter);
    byte[] hash =
        hash(
            "bulk-resend\n"
                + filter.connectionId()
                + "\n"
                + filter.status()
                + "\n"
                + filter.from()
                + "\n"
                + filter.to()
                + "\n"
                + seconds(deadline));
    int max = properties.bulkResendMaxItems();
    List<Delivery> created = new ArrayList<>();
    ResendOutcome outcome =
        idempotent(
            tenantId,
            idempotencyKey,
            hash,
            () -> {
              List<UUID> ids = store.resendable(tenantId, filter, max);
              for (int i = 0; i < ids.size(); i++) {
                try {
                  created.add(reissue(tenantId, ids.get(i), idempotencyKey, i, hash, deadline));
                } catch (GatewayException closedConnection) {
                  // Refused before anything was written (its connection is closed): skip it.
                }
              }
              return created;
            },
            -1);
    return outcome.replayed()
        ? outcome
        : new ResendOutcome(outcome.deliveries(), false, store.countResendable(tenantId, filter));
  }

  /** How many deliveries a bulk resend with {@code filter} would re-issue in all (a dry run). */
  public long countResendable(UUID tenantId, DeliveryFilter filter) {
    checkStatus(filter);
    return store.countResendable(tenantId, filter);
  }

  private interface Work {
    List<Delivery> run();
  }

  private ResendOutcome idempotent(
      UUID tenantId, String key, byte[] hash, Work work, long remaining) {
    Optional<ResendOutcome> earlier = earlier(tenantId, key, hash);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    List<Delivery> created;
    try {
      created = transactions.execute(status -> work.run());
    } catch (DataIntegrityViolationException e) {
      // A concurrent request with the same key (or a concurrent resend of the same delivery) won.
      return earlier(tenantId, key, hash)
          .orElseThrow(() -> GatewayException.conflict("the delivery was resent concurrently"));
    }
    if (created != null && !created.isEmpty()) {
      events.publishEvent(new DeliveriesQueuedEvent(created.size()));
    }
    return new ResendOutcome(created == null ? List.of() : created, false, Math.max(0, remaining));
  }

  private Optional<ResendOutcome> earlier(UUID tenantId, String key, byte[] hash) {
    List<Delivery> existing = store.byIdempotencyKey(tenantId, key);
    if (existing.isEmpty()) {
      return Optional.empty();
    }
    boolean same =
        existing.stream().allMatch(delivery -> MessageDigest.isEqual(delivery.requestHash(), hash));
    if (!same) {
      throw new GatewayException(
          ErrorCode.IDEMPOTENCY_KEY_REUSED,
          "this Idempotency-Key was used for a different request");
    }
    return Optional.of(new ResendOutcome(existing, true, 0));
  }

  private Delivery reissue(
      UUID tenantId, UUID originalId, String key, int index, byte[] hash, Duration deadline) {
    ResendSource original =
        store
            .lockForResend(tenantId, originalId)
            .orElseThrow(() -> GatewayException.notFound("delivery"));
    if (!original.status().resendable()) {
      throw GatewayException.conflict(
          "only FAILED or EXPIRED deliveries can be resent; this one is " + original.status());
    }
    if (original.resentAs() != null) {
      throw GatewayException.conflict(
          "this delivery was already resent as " + original.resentAs() + "; resend that one");
    }
    if (original.encryptedDocument() == null) {
      throw new GatewayException(
          ErrorCode.CONTENT_ERASED,
          "the credential of this delivery was erased (gateway.delivery.resend-retention); "
              + "post it again with POST /api/v1/credentials");
    }
    Connection connection = connections.get(tenantId, original.connectionId());
    if (connection.state().closed()) {
      throw GatewayException.conflict(
          "the connection is " + connection.state() + "; no credential can be delivered on it");
    }
    UUID id = UUID.randomUUID();
    byte[] document =
        cipher.decrypt(
            AtRestPurpose.CREDENTIAL_DOCUMENT, original.id(), original.encryptedDocument());
    NewCredentialDelivery resend =
        new NewCredentialDelivery(
            id,
            tenantId,
            connection.id(),
            original.credentialId(),
            key,
            index,
            hash,
            document,
            connection.state() == ConnectionState.VERIFIED
                ? DeliveryStatus.ACCEPTED
                : DeliveryStatus.WAITING_FOR_HANDSHAKE,
            clock.instant().truncatedTo(ChronoUnit.MICROS),
            deadline,
            original.id());
    return states.queueResend(
        resend, cipher.encrypt(AtRestPurpose.CREDENTIAL_DOCUMENT, id, document));
  }

  private static void checkStatus(DeliveryFilter filter) {
    if (filter.status() != null && !filter.status().resendable()) {
      throw GatewayException.invalid("status must be FAILED or EXPIRED (or absent: both)");
    }
  }

  private static String seconds(Duration deadline) {
    return deadline == null ? "-" : Long.toString(deadline.toSeconds());
  }

  private static byte[] hash(String canonical) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(canonical.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
