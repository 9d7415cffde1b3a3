package org.credrelay.issuergateway.credential.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.credrelay.issuergateway.config.ApiProperties;
import org.credrelay.issuergateway.connection.ConnectionState;
import org.credrelay.issuergateway.connection.service.ConnectionManager;
import org.credrelay.issuergateway.credential.service.CredentialDocumentValidator.ValidCredential;
import org.credrelay.issuergateway.delivery.DeliveriesQueuedEvent;
import org.credrelay.issuergateway.delivery.Delivery;
import org.credrelay.issuergateway.delivery.DeliveryStatus;
import org.credrelay.issuergateway.delivery.IdempotencyKeys;
import org.credrelay.issuergateway.delivery.NewCredentialDelivery;
import org.credrelay.issuergateway.delivery.service.DeliveryManager;
import org.credrelay.issuergateway.error.ErrorCode;
import org.credrelay.issuergateway.error.GatewayException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

/**
 * Accepts credentials for delivery. Every credential of a request is validated first; then, in one
 * transaction, each becomes an outbox row (document encrypted) whose id is the delivery id returned
 * to the caller, so an accepted credential is never lost. The {@code Idempotency-Key} makes a retry
 * safe: the same key with the same request returns the original deliveries; with a different
 * request it is refused (422). Concurrent retries are settled by the unique key in the database.
 * The commit wakes the delivery worker ({@link DeliveriesQueuedEvent}). The transaction is a plain
 * JDBC one ({@link AcceptTransactions}) with the same three statements for one credential or a
 * batch: one read of the connections' states, one insert of the delivery rows, one of their webhook
 * outbox rows. Each document is parsed once, by the request reader ({@link CredentialDocument}).
 * The transaction (and the look-up of an earlier request) waits for a permit of {@link
 * AcceptAdmission}, a bounded queue that answers a burst beyond it with 503 and Retry-After.
 */
@Service
public class CredentialManager {

  private final CredentialDocumentValidator validator;
  private final ConnectionManager connections;
  private final DeliveryManager deliveries;
  private final AcceptTransactions transactions;
  private final AcceptAdmission admission;
  private final ApplicationEventPublisher events;
  private final ApiProperties properties;
  private final Clock clock;

  public CredentialManager(
      CredentialDocumentValidator validator,
      ConnectionManager connections,
      DeliveryManager deliveries,
      AcceptTransactions transactions,
      AcceptAdmission admission,
      ApplicationEventPublisher events,
      ApiProperties properties,
      Clock clock) {
    this.validator = validator;
    this.connections = connections;
    this.deliveries = deliveries;
    this.transactions = transactions;
    this.admission = admission;
    this.events = events;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * @param batch whether the request was a batch (a single and a batch request never match)
   */
  public IssueOutcome issue(
      UUID tenantId, String idempotencyKey, List<CredentialIssue> items, boolean batch) {
    checkKey(idempotencyKey);
    if (items.isEmpty() || items.size() > properties.maxBatchItems()) {
      throw GatewayException.invalid(
          "between 1 and " + properties.maxBatchItems() + " credentials per request");
    }
    List<ValidCredential> documents = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      documents.add(
          validator.check(
              items.get(i).document(), batch ? "items[" + i + "].credential" : "credential"));
    }
    byte[] requestHash = requestHash(batch, items, documents);
    // The checks above need no connection; what follows waits its turn (AcceptAdmission).
    return admission.run(
        () -> acceptOrReplay(tenantId, idempotencyKey, items, documents, requestHash, batch));
  }

  private IssueOutcome acceptOrReplay(
      UUID tenantId,
      String idempotencyKey,
      List<CredentialIssue> items,
      List<ValidCredential> documents,
      byte[] requestHash,
      boolean batch) {
    // Insert first: a retry is recognised by the unique idempotency key (or, when the retry would
    // now be refused, by looking it up), which saves a lookup on every first attempt.
    List<Delivery> accepted;
    try {
      accepted =
          transactions.execute(
              () -> accept(tenantId, idempotencyKey, items, documents, requestHash, batch));
    } catch (DataIntegrityViolationException e) {
      // A retry, or a concurrent request with the same key that won the race.
      return earlier(tenantId, idempotencyKey, requestHash).orElseThrow(() -> e);
    } catch (GatewayException refused) {
      // A retry of a request accepted before its connection closed still answers its deliveries.
      return earlier(tenantId, idempotencyKey, requestHash).orElseThrow(() -> refused);
    }
    return new IssueOutcome(accepted, false);
  }

  private Optional<IssueOutcome> earlier(UUID tenantId, String idempotencyKey, byte[] requestHash) {
    List<Delivery> existing = deliveries.byIdempotencyKey(tenantId, idempotencyKey);
    return existing.isEmpty() ? Optional.empty() : Optional.of(replay(existing, requestHash));
  }

  /**
   * Inside the accepting transaction: one read of the connections' states, the checks in item order
   * (the first failing item names the error), then all rows at once ({@link
   * DeliveryManager#queueCredentials}).
   */
  private List<Delivery> accept(
      UUID tenantId,
      String key,
      List<CredentialIssue> items,
      List<ValidCredential> documents,
      byte[] requestHash,
      boolean batch) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Map<UUID, ConnectionState> states =
        connections.states(tenantId, items.stream().map(CredentialIssue::connectionId).toList());
    List<NewCredentialDelivery> queued = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      String where = batch ? "items[" + i + "]: " : "";
      CredentialIssue item = items.get(i);
      ConnectionState state = states.get(item.connectionId());
      if (state == null) {
        throw new GatewayException(ErrorCode.NOT_FOUND, where + "connection not found");
      }
      if (state.closed()) {
        throw GatewayException.conflict(
            where + "the connection is " + state + "; no credential can be delivered on it");
      }
      deliveries.deadlineAt(tenantId, now, item.deliveryDeadline()); // refused before any insert
      DeliveryStatus status =
          state == ConnectionState.VERIFIED
              ? DeliveryStatus.ACCEPTED
              : DeliveryStatus.WAITING_FOR_HANDSHAKE;
      queued.add(
          new NewCredentialDelivery(
              UUID.randomUUID(),
              tenantId,
              item.connectionId(),
              UUID.randomUUID(),
              key,
              i,
              requestHash,
              documents.get(i).utf8(),
              status,
              now,
              item.deliveryDeadline(),
              null));
    }
    List<Delivery> accepted = deliveries.queueCredentials(queued);
    events.publishEvent(new DeliveriesQueuedEvent(items.size()));
    return accepted;
  }

  private static IssueOutcome replay(List<Delivery> existing, byte[] requestHash) {
    boolean same =
        existing.stream()
            .allMatch(delivery -> MessageDigest.isEqual(delivery.requestHash(), requestHash));
    if (!same) {
      throw new GatewayException(
          ErrorCode.IDEMPOTENCY_KEY_REUSED,
          "this Idempotency-Key was used for a different request");
    }
    return new IssueOutcome(existing, true);
  }

  private static void checkKey(String key) {
    IdempotencyKeys.check(key);
  }

  /**
   * SHA-256 over the kind of request and, per item, the connection and the canonical digest of the
   * document ({@link CanonicalJsonDigest}): a retry whose credential has its members in another
   * order, other white space or another spelling of the same numbers is the same request. The
   * deliveries keep the bytes of the first accepted request.
   */
  private static byte[] requestHash(
      boolean batch, List<CredentialIssue> items, List<ValidCredential> documents) {
    MessageDigest sha256 = CanonicalJsonDigest.sha256();
    sha256.update((batch ? "batch\n" : "single\n").getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < items.size(); i++) {
      sha256.update((items.get(i).connectionId() + "\n").getBytes(StandardCharsets.US_ASCII));
      sha256.update(CanonicalJsonDigest.of(documents.get(i).tree()));
      if (items.get(i).deliveryDeadline() != null) {
        // Only when set, so a request without one hashes as before.
        sha256.update(
            ("deadline " + items.get(i).deliveryDeadline().toSeconds() + "\n")
                .getBytes(StandardCharsets.US_ASCII));
      }
    }
    return sha256.digest();
  }
}
