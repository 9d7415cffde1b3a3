package org.credrelay.connector.message.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.credrelay.connector.caller.Caller;
import org.credrelay.connector.connection.Connection;
import org.credrelay.connector.connection.service.ConnectionManager;
import org.credrelay.connector.error.ConnectorException;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.limit.service.SendRateLimiter;
import org.credrelay.connector.message.DeviceId;
import org.credrelay.connector.message.Envelope;
import org.credrelay.connector.message.MessageCursor;
import org.credrelay.connector.message.MessagePage;
import org.credrelay.connector.message.MessageProperties;
import org.credrelay.connector.message.NewMessage;
import org.credrelay.connector.message.OutgoingMessage;
import org.credrelay.connector.message.store.MessageStore;
import org.credrelay.connector.message.store.MessageStore.Appended;
import org.credrelay.connector.message.store.RecipientDeviceStore;
import org.credrelay.connector.push.service.WakeUpManager;
import org.credrelay.rpcsigning.DeferredNonce;
import org.springframework.stereotype.Service;

/**
 * Accepts messages for relay and serves a recipient's messages.
 *
 * <p>Each entry is checked in this order: size, connection (exists, caller is a side, CONNECTED),
 * policy and size per kind ({@link MessagePolicy}), recipient key ({@link RecipientKeyValidator});
 * then the batch takes its tokens of the send rate limits ({@link SendRateLimiter}) and the store
 * checks the recipients' queue quotas in the appending transaction. Idempotency (a known client
 * message id with the same connection and bytes answers the original id) is decided by the store's
 * insert, and also here when the recipient key was revoked since the first attempt. A batch is
 * stored atomically; the first refusal fails it and names the entry index.
 *
 * <p>Content is opaque: metrics count messages and bytes only, and nothing here logs content.
 */
@Service
public class MessageManager {

  static final int MAX_CLIENT_MESSAGE_ID_LENGTH = 128;

  private final MessageStore store;
  private final RecipientDeviceStore devices;
  private final ConnectionManager connections;
  private final MessagePolicy policy;
  private final RecipientKeyValidator recipientKeys;
  private final SendRateLimiter rateLimiter;
  private final MessageProperties properties;
  private final WakeUpManager wakeUps;
  private final Clock clock;
  private final Counter storedMessages;
  private final Counter storedBytes;

  public MessageManager(
      MessageStore store,
      RecipientDeviceStore devices,
      ConnectionManager connections,
      MessagePolicy policy,
      RecipientKeyValidator recipientKeys,
      SendRateLimiter rateLimiter,
      MessageProperties properties,
      WakeUpManager wakeUps,
      Clock clock,
      MeterRegistry meters) {
    this.store = store;
    this.devices = devices;
    this.connections = connections;
    this.policy = policy;
    this.recipientKeys = recipientKeys;
    this.rateLimiter = rateLimiter;
    this.properties = properties;
    this.wakeUps = wakeUps;
    this.clock = clock;
    this.storedMessages =
        Counter.builder("connector.message.manager.stored.messages")
            .description("Messages stored for relay")
            .register(meters);
    this.storedBytes =
        Counter.builder("connector.message.manager.stored.bytes")
            .description("Bytes of messages stored for relay")
            .baseUnit("bytes")
            .register(meters);
  }

  /** Sends one message (SendMessage). */
  public UUID send(Caller caller, OutgoingMessage message) {
    return send(caller, message, null);
  }

  /**
   * Sends one message (SendMessage), recording the signed request's {@code nonce} (null: none) with
   * the rate-limit take, before anything is stored.
   */
  public UUID send(Caller caller, OutgoingMessage message, DeferredNonce nonce) {
    return sendAll(caller, List.of(message), nonce).get(0);
  }

  /** Sends 1..max-batch-entries messages atomically (SendMessages); ids in request order. */
  public List<UUID> sendAll(Caller caller, List<OutgoingMessage> messages) {
    return sendAll(caller, messages, null);
  }

  /**
   * As {@link #sendAll(Caller, List)}, recording the signed request's {@code nonce} (null: none)
   * with the rate-limit take, before anything is stored (decision 0047-connsend). A call that ends
   * before the take (a refusal, or only idempotent repeats) leaves it to the signature interceptor,
   * which records it when the call closes.
   */
  public List<UUID> sendAll(Caller caller, List<OutgoingMessage> messages, DeferredNonce nonce) {
    if (messages.isEmpty() || messages.size() > properties.maxBatchEntries()) {
      throw new ConnectorException(
          ErrorReason.INVALID_BATCH_SIZE,
          "a batch has 1.." + properties.maxBatchEntries() + " messages");
    }
    long total = messages.stream().mapToLong(m -> m.content().length).sum();
    if (total > properties.maxBatchSize().toBytes()) {
      throw new ConnectorException(
          ErrorReason.BATCH_TOO_LARGE,
          "batch is larger than " + properties.maxBatchSize().toBytes() + " bytes");
    }
    List<NewMessage> accepted = new ArrayList<>(messages.size());
    UUID[] ids = new UUID[messages.size()];
    for (int i = 0; i < messages.size(); i++) {
      try {
        Accepted entry = accept(caller, messages.get(i));
        accepted.add(entry.message());
        ids[i] = entry.earlierId();
      } catch (ConnectorException refused) {
        throw messages.size() == 1 ? refused : refused.forEntry(i);
      }
    }
    List<NewMessage> toStore = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < accepted.size(); i++) {
      if (ids[i] == null) {
        toStore.add(accepted.get(i));
        positions.add(i);
      }
    }
    if (!toStore.isEmpty()) {
      Map<UUID, Integer> perConnection = new LinkedHashMap<>();
      toStore.forEach(m -> perConnection.merge(m.connectionId(), 1, Integer::sum));
      rateLimiter.take(caller, perConnection, nonce);
      Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
      // The push outbox row commits with the messages (the store runs it in its transaction).
      List<Appended> appended =
          store.append(
              toStore,
              now,
              () ->
                  wakeUps.messagesQueued(
                      toStore.stream().map(NewMessage::recipientId).distinct().toList(), now));
      for (int j = 0; j < appended.size(); j++) {
        ids[positions.get(j)] = appended.get(j).id();
        if (appended.get(j).stored()) {
          storedMessages.increment();
          storedBytes.increment(toStore.get(j).content().length);
        }
      }
    }
    return List.of(ids);
  }

  /**
   * The caller's messages after {@code lastSeenMessageId} (empty: from the oldest), bounded in
   * count and bytes (see {@link MessageStore#pageForRecipient}).
   */
  public MessagePage page(Caller caller, String lastSeenMessageId, int limit) {
    return page(caller, "", lastSeenMessageId, limit);
  }

  /**
   * As {@link #page(Caller, String, int)} for the caller's device {@code deviceId} (empty: no
   * device): leaves out what that device acknowledged, and makes it a known device of the caller
   * (docs/PROTOCOL.md §5.9 "Devices").
   */
  public MessagePage page(Caller caller, String deviceId, String lastSeenMessageId, int limit) {
    int size = pageSize(limit);
    DeviceId device = deviceSeen(caller, deviceId);
    if (lastSeenMessageId == null || lastSeenMessageId.isEmpty()) {
      return store.pageForRecipient(caller.id(), device, null, size);
    }
    return store
        .pageAfterMessage(caller.id(), device, parseMessageId(lastSeenMessageId), size)
        .orElseThrow(MessageManager::unknownLastSeen);
  }

  /**
   * The device named by an optional request field (null for empty), made a known device of the
   * caller: from now on every message of the caller needs its acknowledgement to be deleted.
   */
  public DeviceId deviceSeen(Caller caller, String deviceId) {
    DeviceId device = DeviceId.optional(deviceId);
    if (device != null) {
      devices.seen(caller.id(), device, clock.instant());
    }
    return device;
  }

  /**
   * The recipient's messages after {@code cursor}, leaving out what {@code device} acknowledged
   * (null: no device); for streams, which keep their own cursor.
   */
  public MessagePage after(String recipientId, DeviceId device, MessageCursor cursor, int limit) {
    return store.pageForRecipient(recipientId, device, cursor, limit);
  }

  /**
   * The cursor of {@code lastSeenMessageId}, which must be a message to the caller; null for an
   * empty id (start from the oldest).
   */
  public MessageCursor cursorAfter(Caller caller, String lastSeenMessageId) {
    if (lastSeenMessageId == null || lastSeenMessageId.isEmpty()) {
      return null;
    }
    return store
        .cursorOf(parseMessageId(lastSeenMessageId), caller.id())
        .orElseThrow(MessageManager::unknownLastSeen);
  }

  private static UUID parseMessageId(String lastSeenMessageId) {
    try {
      if (lastSeenMessageId.length() == 36) {
        return UUID.fromString(lastSeenMessageId);
      }
    } catch (IllegalArgumentException e) {
      // refused below
    }
    throw new ConnectorException(ErrorReason.INVALID_ID, "last_seen_message_id is not a UUID");
  }

  private static ConnectorException unknownLastSeen() {
    return new ConnectorException(ErrorReason.UNKNOWN_CURSOR, "unknown last_seen_message_id");
  }

  private Accepted accept(Caller caller, OutgoingMessage message) {
    String clientId =
        message.clientMessageId() == null || message.clientMessageId().isEmpty()
            ? null
            : message.clientMessageId();
    if (clientId != null && clientId.length() > MAX_CLIENT_MESSAGE_ID_LENGTH) {
      throw new ConnectorException(
          ErrorReason.INVALID_CLIENT_MESSAGE_ID, "client_message_id has more than 128 characters");
    }
    if (message.content().length > properties.maxMessageSize().toBytes()) {
      throw new ConnectorException(
          ErrorReason.MESSAGE_TOO_LARGE,
          "message is larger than " + properties.maxMessageSize().toBytes() + " bytes");
    }
    Connection connection = connections.requireConnectedForRelay(caller, message.connectionId());
    Envelope envelope = policy.check(message.content());
    NewMessage accepted =
        new NewMessage(
            connection.id(),
            caller.id(),
            connection.otherSide(caller.id()),
            message.content(),
            sha256(message.content()),
            clientId);
    if (envelope.encryptionKeyId() != null) {
      try {
        recipientKeys.requireActiveRecipientKey(
            connection, caller.id(), envelope.encryptionKeyId());
      } catch (ConnectorException refused) {
        // A retry of a message stored before the key was revoked still answers its id.
        UUID earlier = earlierId(accepted);
        if (earlier == null) {
          throw refused;
        }
        return new Accepted(accepted, earlier);
      }
    }
    // Other repeats of a client message id are answered by the store's insert (ON CONFLICT),
    // which saves a lookup per message on the common path.
    return new Accepted(accepted, null);
  }

  /** An entry that passed the checks; {@code earlierId} is set for a known idempotent repeat. */
  private record Accepted(NewMessage message, UUID earlierId) {}

  /** The id stored earlier under the same client message id and content, or null if none. */
  private UUID earlierId(NewMessage message) {
    if (message.clientMessageId() == null) {
      return null;
    }
    return store
        .findByClientMessageId(message.senderId(), message.clientMessageId())
        .map(earlier -> earlier.idOfRepeat(message))
        .orElse(null);
  }

  private int pageSize(int limit) {
    if (limit == 0) {
      return properties.defaultPageSize();
    }
    if (limit < 0 || limit > properties.maxPageSize()) {
      throw new ConnectorException(
          ErrorReason.INVALID_PAGE_LIMIT, "limit must be 1.." + properties.maxPageSize());
    }
    return limit;
  }

  private static byte[] sha256(byte[] content) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(content);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
