package org.credrelay.issuergateway.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.e2ecrypto.signing.KeyBinding;
import org.credrelay.keyhistory.DidLogBuilder;
import org.credrelay.keyhistory.EventAuthorization;
import org.credrelay.keyhistory.KeyEvent;
import org.credrelay.keyhistory.KeyEventType;
import org.credrelay.keyhistory.KeyOwner;
import org.credrelay.keyhistory.KeyUsage;
import org.credrelay.keyhistory.LogHead;
import org.credrelay.keyhistory.OperatorRevocation;
import org.credrelay.keyhistory.OwnerType;
import org.credrelay.proto.keyregistry.v1.GetKeyHistoryResponse;

/**
 * The key event logs of holder connections as the real registry writes them (the two ADDED events
 * of RegisterConnectionKeys authorised by the holder's key binding proof, operator revocations),
 * served page by page; a test may rewrite a log as a dishonest provider would ({@link #rewrite}).
 */
public final class HolderKeyLogs {

  private final Map<String, List<KeyEvent>> logs = new ConcurrentHashMap<>();
  private final Clock clock;

  public HolderKeyLogs(Clock clock) {
    this.clock = clock;
  }

  /** What RegisterConnectionKeys appends when the holder accepts a token. */
  public void register(
      String connectionId, String token, KeyPairJwk authentication, PublicKeyJwk communication) {
    byte[] binding = KeyBinding.bytes(token, authentication.kid(), communication.kid());
    EventAuthorization proof =
        new EventAuthorization(
            authentication.kid(), "", "", 0, binding, authentication.sign(binding));
    append(
        connectionId,
        KeyEventType.ADDED,
        authentication.publicKey(),
        KeyUsage.AUTHENTICATION,
        proof);
    append(connectionId, KeyEventType.ADDED, communication, KeyUsage.COMMUNICATION, proof);
  }

  /** An operator revocation of a connection key. */
  public void revoke(String connectionId, PublicKeyJwk key, KeyUsage usage) {
    Instant at = now();
    append(
        connectionId,
        KeyEventType.REVOKED,
        key,
        usage,
        new EventAuthorization(
            EventAuthorization.OPERATOR_SIGNER,
            EventAuthorization.OPERATOR_METHOD,
            "server-nonce-" + at.toEpochMilli(),
            at.toEpochMilli(),
            OperatorRevocation.payload(connectionId, key.kid(), "compromised"),
            new byte[0]));
  }

  /** A provider's edit of the stored log (e.g. events deleted and the head reset). */
  public void rewrite(String connectionId, UnaryOperator<List<KeyEvent>> edit) {
    logs.computeIfPresent(connectionId, (id, events) -> new ArrayList<>(edit.apply(events)));
  }

  public boolean knows(String connectionId) {
    return logs.containsKey(connectionId);
  }

  /** One GetKeyHistory page: up to 100 events from {@code fromSequence}, with the head. */
  public GetKeyHistoryResponse page(String connectionId, long fromSequence) {
    List<KeyEvent> events = List.copyOf(logs.get(connectionId));
    int from = (int) Math.max(1, fromSequence) - 1;
    List<KeyEvent> page =
        events.subList(Math.min(from, events.size()), Math.min(from + 100, events.size()));
    LogHead head = head(events);
    return GetKeyHistoryResponse.newBuilder()
        .addAllEvents(DidLogBuilder.served(page))
        .setHead(
            org.credrelay.proto.keyregistry.v1.LogHead.newBuilder()
                .setSequence(head.sequence())
                .setEventHash(head.eventHash()))
        .build();
  }

  private void append(
      String connectionId,
      KeyEventType type,
      PublicKeyJwk key,
      KeyUsage usage,
      EventAuthorization authorization) {
    logs.compute(
        connectionId,
        (id, events) -> {
          List<KeyEvent> log = events == null ? new ArrayList<>() : events;
          log.add(
              KeyEvent.next(
                  new KeyOwner(OwnerType.CONNECTION, id),
                  head(log),
                  type,
                  key.kid(),
                  usage,
                  key.toJson(),
                  null,
                  null,
                  now(),
                  authorization));
          return log;
        });
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static LogHead head(List<KeyEvent> events) {
    return events.isEmpty() ? LogHead.EMPTY : events.get(events.size() - 1).head();
  }
}
