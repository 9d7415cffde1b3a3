package org.credrelay.testsupport.connector;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.credrelay.proto.connector.v1.SendMessageRequest;
import org.credrelay.testsupport.connector.FakeAuthenticator.Caller;

/**
 * SendMessage and SendMessages of the fake, checked in the real connector's order: batch bounds,
 * then per entry the client message id, size, connection (exists, caller is a side, CONNECTED),
 * message policy, recipient key and idempotency; a batch is stored only if every entry passes, and
 * a refused entry is named by its index. Not thread-safe: the fake calls it under its lock.
 */
final class FakeRelay {

  private static final int MAX_BATCH_ENTRIES = 100;

  private final Clock clock;
  private final FakeConnections connections;
  private final Mailbox mailbox;

  /** connector.messages.max-message-size (default 1 MiB). */
  volatile long maxMessageBytes = 1024 * 1024;

  /** connector.messages.max-batch-size (default 8 MiB). */
  volatile long maxBatchBytes = 8 * 1024 * 1024;

  FakeRelay(Clock clock, FakeConnections connections, Mailbox mailbox) {
    this.clock = clock;
    this.connections = connections;
    this.mailbox = mailbox;
  }

  /** Checks every entry, then stores them all (atomic); ids in entry order. Under the lock. */
  List<String> store(
      Caller caller, List<SendMessageRequest> entries, List<RelayedMessage> toParticipants) {
    if (entries.isEmpty() || entries.size() > MAX_BATCH_ENTRIES) {
      throw FakeErrors.invalid("a batch has 1.." + MAX_BATCH_ENTRIES + " messages");
    }
    long total = entries.stream().mapToLong(e -> e.getMessage().size()).sum();
    if (total > maxBatchBytes) {
      throw FakeErrors.refuse(Status.Code.RESOURCE_EXHAUSTED, "batch is too large");
    }
    RelayedMessage[] earlier = new RelayedMessage[entries.size()];
    for (int i = 0; i < entries.size(); i++) {
      try {
        earlier[i] = check(caller, entries.get(i));
      } catch (StatusRuntimeException refused) {
        throw entries.size() == 1 ? refused : FakeErrors.prefixed(refused, "messages[" + i + "]: ");
      }
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      if (earlier[i] != null) {
        ids.add(earlier[i].id());
        continue;
      }
      SendMessageRequest entry = entries.get(i);
      FakeConnection connection = connections.byId.get(entry.getConnectionId());
      RelayedMessage stored =
          mailbox.append(
              connection.id,
              caller.id(),
              connection.otherSide(caller.id()),
              entry.getMessage().toByteArray(),
              entry.getClientMessageId(),
              clock.instant());
      if (!caller.participant()) {
        toParticipants.add(stored);
      }
      ids.add(stored.id());
    }
    return ids;
  }

  /** Checks one entry as the real connector does; returns the earlier message of a repeat. */
  private RelayedMessage check(Caller caller, SendMessageRequest entry) {
    String clientId = entry.getClientMessageId();
    if (clientId.length() > 128) {
      throw FakeErrors.invalid("client_message_id has more than 128 characters");
    }
    byte[] bytes = entry.getMessage().toByteArray();
    if (bytes.length > maxMessageBytes) {
      throw FakeErrors.refuse(Status.Code.RESOURCE_EXHAUSTED, "message is too large");
    }
    FakeConnection connection = connections.requireConnected(caller, entry.getConnectionId());
    String keyId = FakeMessagePolicy.check(bytes);
    RelayedMessage earlier =
        clientId.isEmpty() ? null : mailbox.byClientMessageId(caller.id(), clientId);
    boolean repeat =
        earlier != null
            && earlier.connectionId().equals(connection.id)
            && Arrays.equals(earlier.message(), bytes);
    if (keyId != null
        && !repeat
        && connections.otherSideKeys(connection, caller.id()).stream()
            .noneMatch(k -> k.kid().equals(keyId))) {
      throw FakeErrors.precondition(
          "EncryptedMessage.key_id is not an ACTIVE communication key" + " of the recipient");
    }
    if (earlier != null && !repeat) {
      throw FakeErrors.refuse(
          Status.Code.ALREADY_EXISTS, "client_message_id was used before with other content");
    }
    return earlier;
  }
}
