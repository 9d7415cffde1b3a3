package org.credrelay.issuergateway.delivery.service;

import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.credrelay.issuergateway.config.DeliveryProperties;
import org.credrelay.issuergateway.connection.service.PinnedKeyVerifier;
import org.credrelay.issuergateway.connectorclient.ConnectorClient;
import org.credrelay.issuergateway.connectorclient.GrpcFailures;
import org.credrelay.issuergateway.delivery.DeliveryKind;
import org.credrelay.rpcsigning.RetryClassification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The third stage of the pipeline: sends sealed deliveries. Those of one tenant go out together in
 * one {@code SendMessages} (at most {@code send-batch-size} entries and {@code
 * send-batch-max-bytes}), which costs the connector one signature check and one transaction instead
 * of one per credential; a lone delivery uses {@code SendMessage}. {@code SendMessages} is atomic,
 * so a single refused entry fails the whole call: the entries are then sent one by one and each
 * gets its own outcome, so one bad delivery never holds back the others. Only a connector that is
 * unreachable fails all of them at once (each is retried with its own backoff). Repeats are safe:
 * the client message id (the delivery id) makes the connector answer an already stored message with
 * its original id.
 */
@Component
public class DeliverySendStage {

  private static final DeliveryOutcomeRecorder.Upstream CONNECTOR =
      DeliveryOutcomeRecorder.Upstream.CONNECTOR;
  private static final Logger LOG = LoggerFactory.getLogger(DeliverySendStage.class);

  private final ConnectorClient connector;
  private final PinnedKeyVerifier keyVerifier;
  private final DeliveryOutcomeRecorder outcomes;
  private final DeliveryThreads threads;
  private final int maxEntries;
  private final long maxBytes;

  DeliverySendStage(
      ConnectorClient connector,
      PinnedKeyVerifier keyVerifier,
      DeliveryOutcomeRecorder outcomes,
      DeliveryThreads threads,
      DeliveryProperties properties) {
    this.connector = connector;
    this.keyVerifier = keyVerifier;
    this.outcomes = outcomes;
    this.threads = threads;
    this.maxEntries = properties.sendBatchSize();
    this.maxBytes = properties.sendBatchMaxBytes().toBytes();
  }

  /** Sends every delivery and records its outcome; never throws for a single delivery. */
  void send(String owner, List<SealedDelivery> ready) {
    threads.forEach(chunks(ready), chunk -> sendChunk(owner, chunk));
  }

  /** Per tenant (a call is signed by one issuer), in claim order, within the batch limits. */
  private List<List<SealedDelivery>> chunks(List<SealedDelivery> ready) {
    Map<UUID, List<SealedDelivery>> byTenant = new LinkedHashMap<>();
    for (SealedDelivery delivery : ready) {
      byTenant
          .computeIfAbsent(delivery.delivery().tenantId(), tenant -> new ArrayList<>())
          .add(delivery);
    }
    List<List<SealedDelivery>> chunks = new ArrayList<>();
    for (List<SealedDelivery> deliveries : byTenant.values()) {
      List<SealedDelivery> chunk = new ArrayList<>();
      long bytes = 0;
      for (SealedDelivery delivery : deliveries) {
        int size = delivery.message().length;
        if (!chunk.isEmpty() && (chunk.size() == maxEntries || bytes + size > maxBytes)) {
          chunks.add(chunk);
          chunk = new ArrayList<>();
          bytes = 0;
        }
        chunk.add(delivery);
        bytes += size;
      }
      chunks.add(chunk);
    }
    return chunks;
  }

  private void sendChunk(String owner, List<SealedDelivery> chunk) {
    if (chunk.size() == 1) {
      sendOne(owner, chunk.get(0));
      return;
    }
    List<String> messageIds;
    try {
      messageIds =
          connector.sendAll(
              chunk.get(0).issuer(), chunk.stream().map(SealedDelivery::toConnector).toList());
    } catch (StatusRuntimeException e) {
      if (RetryClassification.isUnreachable(e)) {
        chunk.forEach(
            delivery -> outcomes.upstreamFailed(owner, delivery.delivery(), CONNECTOR, e));
        return;
      }
      LOG.info(
          "SendMessages of {} deliveries refused ({}); sending each on its own",
          chunk.size(),
          GrpcFailures.describe(e));
      sendEachOnItsOwn(owner, chunk);
      return;
    } catch (RuntimeException e) {
      chunk.forEach(delivery -> outcomes.internalError(owner, delivery.delivery(), e));
      return;
    }
    try {
      outcomes.sent(owner, chunk, messageIds);
    } catch (RuntimeException e) {
      chunk.forEach(delivery -> outcomes.internalError(owner, delivery.delivery(), e));
    }
  }

  /**
   * One by one, in order; once the connector turns out unreachable the rest are retried later
   * without a call each, so a chunk never waits for more than one deadline.
   */
  private void sendEachOnItsOwn(String owner, List<SealedDelivery> chunk) {
    StatusRuntimeException unreachable = null;
    for (SealedDelivery delivery : chunk) {
      if (unreachable != null) {
        outcomes.upstreamFailed(owner, delivery.delivery(), CONNECTOR, unreachable);
        continue;
      }
      StatusRuntimeException failure = sendOne(owner, delivery);
      unreachable = failure != null && RetryClassification.isUnreachable(failure) ? failure : null;
    }
  }

  /**
   * @return the connector's failure, if the send failed with one (already recorded)
   */
  private StatusRuntimeException sendOne(String owner, SealedDelivery delivery) {
    try {
      String messageId =
          connector.send(
              delivery.issuer(),
              delivery.connection().connectorConnectionId(),
              delivery.message(),
              delivery.delivery().id().toString());
      outcomes.sent(owner, List.of(delivery), List.of(messageId));
    } catch (StatusRuntimeException e) {
      if (!RetryClassification.isTransient(e)
          && (delivery.delivery().kind() == DeliveryKind.CREDENTIAL
              || delivery.delivery().kind() == DeliveryKind.CREDENTIAL_REVOCATION)) {
        // Perhaps the pinned key is no longer ACTIVE: the next credential asks again at once.
        keyVerifier.distrustConfirmation(delivery.connection().id());
      }
      outcomes.upstreamFailed(owner, delivery.delivery(), CONNECTOR, e);
      return e;
    } catch (RuntimeException e) {
      outcomes.internalError(owner, delivery.delivery(), e);
    }
    return null;
  }
}
