package org.credrelay.issuergateway.delivery.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.credrelay.issuergateway.connection.Connection;
import org.credrelay.issuergateway.delivery.store.DeliveryStore;
import org.credrelay.proto.messages.v1.DeliveryReceipt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Delivery receipts from holders (docs/PROTOCOL.md "Delivery receipts", decision 0036): a receipt
 * that opened with the pinned holder key of {@code connection} (checked by the caller) moves the
 * named SENT credential deliveries of that connection to DELIVERED through the {@link
 * DeliveryStateMachine}, which publishes {@code delivery.delivered}. Ids of unknown deliveries or
 * of another connection's are refused (logged, counted, nothing changes); repeated ids are
 * duplicates. The counter {@code gateway.delivery.receipts} counts ids by {@code outcome}
 * (delivered, early, duplicate, refused) and refused receipts as {@code outcome=malformed}.
 */
@Service
public class DeliveryReceiptManager {

  private static final Logger log = LoggerFactory.getLogger(DeliveryReceiptManager.class);

  /** At most this many ids per receipt (PROTOCOL.md; the wallet sends one receipt per batch). */
  static final int MAX_IDS = 100;

  private static final int MAX_ID_LENGTH = 256;

  /** At most this many ids are named in the warning about ids a receipt could not take. */
  private static final int LOGGED_IDS = 5;

  private final DeliveryStateMachine states;
  private final DeliveryStore store;
  private final MeterRegistry meters;

  DeliveryReceiptManager(DeliveryStateMachine states, DeliveryStore store, MeterRegistry meters) {
    this.states = states;
    this.store = store;
    this.meters = meters;
  }

  /** How the ids of one receipt were taken. */
  public record Outcome(int delivered, int early, int duplicates, int refused) {}

  /**
   * Applies a receipt sealed by the holder of {@code connection} (its pinned communication key,
   * bound to its connector connection id).
   *
   * @return what the receipt changed; all zero for a malformed receipt (refused as a whole)
   */
  public Outcome onReceipt(Connection connection, DeliveryReceipt receipt) {
    String problem = malformed(receipt);
    if (problem != null) {
      log.warn("delivery receipt on connection {} refused: {}", connection.id(), problem);
      count("malformed", 1);
      return new Outcome(0, 0, 0, 0);
    }
    List<UUID> ids = new ArrayList<>();
    int refused = 0;
    for (String id : receipt.getMessageIdsList()) {
      try {
        ids.add(UUID.fromString(id));
      } catch (IllegalArgumentException e) {
        refused++; // not an id this gateway gives its messages
      }
    }
    DeliveryStateMachine.ReceiptResult result =
        ids.isEmpty()
            ? new DeliveryStateMachine.ReceiptResult(0, 0, Set.of())
            : states.delivered(connection.id(), ids);
    List<UUID> rest = ids.stream().filter(id -> !result.taken().contains(id)).toList();
    // Read after the change, so the ids this receipt delivered are not among the rest.
    Map<UUID, DeliveryStore.ReceiptTarget> found =
        rest.isEmpty() ? Map.of() : store.receiptTargets(connection.id(), rest);
    int duplicates = 0;
    Map<UUID, String> notTaken = new LinkedHashMap<>();
    for (UUID id : rest) {
      DeliveryStore.ReceiptTarget target = found.get(id);
      if (target != null && target.alreadyDelivered()) {
        duplicates++;
      } else {
        notTaken.put(id, target == null ? "unknown" : target.toString());
      }
    }
    refused += notTaken.size();
    Outcome outcome = new Outcome(result.delivered(), result.early(), duplicates, refused);
    if (refused > 0) {
      // Says where each id stands, so a refusal reads as what it is (a FAILED or EXPIRED delivery,
      // another connection's, a kind that takes no receipt, an id this gateway never issued).
      log.warn(
          "delivery receipt on connection {} names {} message id(s) that take no receipt here;"
              + " ignored: {}",
          connection.id(),
          refused,
          notTaken.isEmpty() ? "ids that are no UUIDs" : named(notTaken));
    }
    count("delivered", outcome.delivered());
    count("early", outcome.early());
    count("duplicate", outcome.duplicates());
    count("refused", outcome.refused());
    return outcome;
  }

  /** Why the receipt is refused as a whole, or null. */
  private static String malformed(DeliveryReceipt receipt) {
    List<String> ids = receipt.getMessageIdsList();
    if (ids.isEmpty() || ids.size() > MAX_IDS) {
      return "it names " + ids.size() + " message ids (1-" + MAX_IDS + " allowed)";
    }
    Set<String> seen = new HashSet<>();
    for (String id : ids) {
      if (id.isEmpty()
          || id.length() > MAX_ID_LENGTH
          || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        return "a message id is not 1-" + MAX_ID_LENGTH + " visible ASCII characters";
      }
      if (!seen.add(id)) {
        return "message id " + id + " appears twice";
      }
    }
    return null;
  }

  /** The first {@link #LOGGED_IDS} ids with where each stands. */
  private static String named(Map<UUID, String> notTaken) {
    String named =
        notTaken.entrySet().stream()
            .limit(LOGGED_IDS)
            .map(entry -> entry.getKey() + " (" + entry.getValue() + ")")
            .collect(Collectors.joining(", "));
    return notTaken.size() > LOGGED_IDS
        ? named + " and " + (notTaken.size() - LOGGED_IDS) + " more"
        : named;
  }

  private void count(String outcome, int amount) {
    if (amount > 0) {
      Counter.builder("gateway.delivery.receipts")
          .description("Message ids in holders' delivery receipts, by what became of them")
          .tag("outcome", outcome)
          .register(meters)
          .increment(amount);
    }
  }
}
