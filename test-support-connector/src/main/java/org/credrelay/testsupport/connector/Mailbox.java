package org.credrelay.testsupport.connector;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.credrelay.proto.connector.v1.GetMessageStreamResponse;
import org.credrelay.proto.connector.v1.GetMessagesPaginatedResponse;
import org.credrelay.proto.connector.v1.ReceivedMessage;

/**
 * The fake's messages and open streams. Each recipient's messages are received strictly in order (a
 * message arriving in the same microsecond as the previous one is received 1 µs after it), as in
 * the real store, so insertion order is (received, id) order. A page is bounded by count and bytes
 * like the real one; a stream gets the backlog and then live messages, with no gap since both
 * happen under the fake's lock. Acknowledged messages are kept for the test's inspection ({@link
 * #all}) but never delivered again, and no longer count as a cursor, as if deleted. Not
 * thread-safe: the fake calls it under its lock.
 */
final class Mailbox {

  private record Subscriber(
      String recipientId, ServerCallStreamObserver<GetMessageStreamResponse> out) {}

  private final List<RelayedMessage> messages = new ArrayList<>();
  private final Map<String, Instant> lastReceived = new HashMap<>();
  private final List<Subscriber> subscribers = new ArrayList<>();
  private final Set<String> acknowledged = new HashSet<>();

  /** Known devices per recipient (docs/PROTOCOL.md 5.9 "Devices"). */
  private final Map<String, Set<String>> devices = new HashMap<>();

  /** Per message still waiting, the devices that acknowledged it. */
  private final Map<String, Set<String>> deviceAcknowledgements = new HashMap<>();

  RelayedMessage append(
      String connectionId,
      String senderId,
      String recipientId,
      byte[] content,
      String clientMessageId,
      Instant now) {
    Instant received = now.truncatedTo(ChronoUnit.MICROS);
    Instant previous = lastReceived.get(recipientId);
    if (previous != null && !received.isAfter(previous)) {
      received = previous.plus(1, ChronoUnit.MICROS);
    }
    lastReceived.put(recipientId, received);
    RelayedMessage message =
        new RelayedMessage(
            UUID.randomUUID().toString(),
            connectionId,
            senderId,
            recipientId,
            content.clone(),
            received,
            clientMessageId == null ? "" : clientMessageId);
    messages.add(message);
    for (Subscriber subscriber : List.copyOf(subscribers)) {
      if (subscriber.recipientId().equals(recipientId)) {
        send(subscriber, message);
      }
    }
    return message;
  }

  List<RelayedMessage> all() {
    return List.copyOf(messages);
  }

  /**
   * Acknowledges those of {@code ids} that are unacknowledged messages to {@code recipientId};
   * returns how many (unknown, foreign and repeated ids are skipped).
   */
  int acknowledge(String recipientId, List<String> ids) {
    int count = 0;
    for (String id : Set.copyOf(ids)) {
      boolean waiting =
          messages.stream().anyMatch(m -> m.id().equals(id) && m.recipientId().equals(recipientId));
      if (waiting && acknowledged.add(id)) {
        count++;
      }
    }
    return count;
  }

  List<String> knownDevices(String recipientId) {
    return devices.getOrDefault(recipientId, Set.of()).stream().sorted().toList();
  }

  /** Makes {@code device} (null: none) a known device of {@code recipientId}. */
  void deviceSeen(String recipientId, String device) {
    if (device != null) {
      devices.computeIfAbsent(recipientId, r -> new HashSet<>()).add(device);
    }
  }

  /**
   * Acknowledges those of {@code ids} that are messages waiting for {@code device} of {@code
   * recipientId} for that device; a message every known device acknowledged counts as deleted.
   * Returns how many were newly acknowledged for the device.
   */
  int acknowledge(String recipientId, String device, List<String> ids) {
    if (device == null) {
      return acknowledge(recipientId, ids);
    }
    deviceSeen(recipientId, device);
    int count = 0;
    for (String id : Set.copyOf(ids)) {
      boolean waiting =
          messages.stream().anyMatch(m -> m.id().equals(id) && m.recipientId().equals(recipientId));
      if (!waiting || acknowledged.contains(id)) {
        continue;
      }
      Set<String> by = deviceAcknowledgements.computeIfAbsent(id, m -> new HashSet<>());
      if (by.add(device)) {
        count++;
      }
      if (by.containsAll(devices.get(recipientId))) {
        acknowledged.add(id);
      }
    }
    return count;
  }

  boolean isAcknowledged(String messageId) {
    return acknowledged.contains(messageId);
  }

  /** The earlier message of {@code senderId} with {@code clientMessageId}, or null. */
  RelayedMessage byClientMessageId(String senderId, String clientMessageId) {
    return messages.stream()
        .filter(m -> m.senderId().equals(senderId) && m.clientMessageId().equals(clientMessageId))
        .findFirst()
        .orElse(null);
  }

  /** A page after {@code lastSeenId} (empty: from the oldest), bounded by count and bytes. */
  GetMessagesPaginatedResponse page(
      String recipientId,
      String device,
      String lastSeenId,
      int limit,
      long maxPageBytes,
      boolean withHasMore) {
    List<RelayedMessage> waiting = after(recipientId, device, lastSeenId);
    GetMessagesPaginatedResponse.Builder page = GetMessagesPaginatedResponse.newBuilder();
    long bytes = 0;
    for (RelayedMessage message : waiting) {
      bytes += message.message().length;
      // At most `limit`, and stop before the message that takes the page over the byte bound,
      // but always return the first one.
      if (page.getMessagesCount() == limit
          || (page.getMessagesCount() > 0 && bytes > maxPageBytes)) {
        break;
      }
      page.addMessages(toProto(message));
    }
    if (withHasMore) {
      page.setHasMore(page.getMessagesCount() < waiting.size());
    }
    return page.build();
  }

  /** Sends the backlog after {@code lastSeenId}, then every new message of the recipient. */
  void subscribe(
      String recipientId,
      String device,
      String lastSeenId,
      ServerCallStreamObserver<GetMessageStreamResponse> out) {
    Subscriber subscriber = new Subscriber(recipientId, out);
    for (RelayedMessage message : after(recipientId, device, lastSeenId)) {
      send(subscriber, message);
    }
    subscribers.add(subscriber);
  }

  void unsubscribe(ServerCallStreamObserver<GetMessageStreamResponse> out) {
    subscribers.removeIf(s -> s.out() == out);
  }

  /** Ends the open streams of {@code recipientId} (every stream if null) with {@code status}. */
  void endStreams(String recipientId, Status status) {
    for (Subscriber subscriber : List.copyOf(subscribers)) {
      if (recipientId == null || subscriber.recipientId().equals(recipientId)) {
        subscribers.remove(subscriber);
        try {
          subscriber.out().onError(status.asRuntimeException());
        } catch (IllegalStateException | StatusRuntimeException e) {
          // the call ended meanwhile
        }
      }
    }
  }

  int openStreams(String recipientId) {
    return (int) subscribers.stream().filter(s -> s.recipientId().equals(recipientId)).count();
  }

  /**
   * The recipient's messages after {@code lastSeenId}, which must be one of its messages, without
   * those {@code device} (null: none) acknowledged.
   */
  private List<RelayedMessage> after(String recipientId, String device, String lastSeenId) {
    int start = 0;
    if (!lastSeenId.isEmpty()) {
      if (!isUuid(lastSeenId)) {
        throw FakeErrors.invalid("last_seen_message_id is not a UUID");
      }
      start = -1;
      for (int i = 0; i < messages.size(); i++) {
        RelayedMessage message = messages.get(i);
        if (message.id().equals(lastSeenId)
            && message.recipientId().equals(recipientId)
            && !acknowledged.contains(lastSeenId)) {
          start = i + 1;
        }
      }
      if (start < 0) {
        throw FakeErrors.invalid("unknown last_seen_message_id");
      }
    }
    return messages.subList(start, messages.size()).stream()
        .filter(m -> m.recipientId().equals(recipientId) && !acknowledged.contains(m.id()))
        .filter(
            m ->
                device == null
                    || !deviceAcknowledgements.getOrDefault(m.id(), Set.of()).contains(device))
        .toList();
  }

  private void send(Subscriber subscriber, RelayedMessage message) {
    try {
      if (!subscriber.out().isCancelled()) {
        subscriber
            .out()
            .onNext(GetMessageStreamResponse.newBuilder().setMessage(toProto(message)).build());
      }
    } catch (IllegalStateException | StatusRuntimeException e) {
      subscribers.remove(subscriber); // cancelled meanwhile
    }
  }

  static boolean isUuid(String value) {
    try {
      return value.length() == 36 && UUID.fromString(value) != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static ReceivedMessage toProto(RelayedMessage message) {
    return ReceivedMessage.newBuilder()
        .setId(message.id())
        .setConnectionId(message.connectionId())
        .setReceived(timestamp(message.received()))
        .setMessage(ByteString.copyFrom(message.message()))
        .build();
  }

  static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }
}
