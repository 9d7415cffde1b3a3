package org.credrelay.connector.grpc;

import com.google.protobuf.UnsafeByteOperations;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.credrelay.connector.message.MessagePage;
import org.credrelay.connector.message.OutgoingMessage;
import org.credrelay.connector.message.StoredMessage;
import org.credrelay.proto.connector.v1.GetMessageStreamResponse;
import org.credrelay.proto.connector.v1.GetMessagesPaginatedResponse;
import org.credrelay.proto.connector.v1.ReceivedMessage;
import org.credrelay.proto.connector.v1.SendMessageRequest;
import org.credrelay.proto.connector.v1.SendMessagesResponse;
import org.credrelay.proto.connector.v1.StreamKeepAlive;

/** Messages between the wire and the domain. Content stays opaque bytes both ways. */
final class MessageProtoMapper {

  private MessageProtoMapper() {}

  static OutgoingMessage fromProto(SendMessageRequest request) {
    return new OutgoingMessage(
        request.getConnectionId(),
        request.getMessage().toByteArray(),
        request.getClientMessageId());
  }

  static SendMessagesResponse toProto(List<UUID> ids) {
    return SendMessagesResponse.newBuilder()
        .addAllIds(ids.stream().map(UUID::toString).toList())
        .build();
  }

  static GetMessagesPaginatedResponse toProto(MessagePage page) {
    return GetMessagesPaginatedResponse.newBuilder()
        .addAllMessages(page.messages().stream().map(MessageProtoMapper::toProto).toList())
        .setHasMore(page.hasMore())
        .build();
  }

  static ReceivedMessage toProto(StoredMessage message) {
    return ReceivedMessage.newBuilder()
        .setId(message.id().toString())
        .setConnectionId(message.connectionId().toString())
        .setReceived(TimestampProtoMapper.toProto(message.receivedAt()))
        // The array is never modified after it was read from the database.
        .setMessage(UnsafeByteOperations.unsafeWrap(message.content()))
        .build();
  }

  static GetMessageStreamResponse streamed(StoredMessage message) {
    return GetMessageStreamResponse.newBuilder().setMessage(toProto(message)).build();
  }

  static GetMessageStreamResponse keepAlive(Instant sentAt) {
    return GetMessageStreamResponse.newBuilder()
        .setKeepalive(StreamKeepAlive.newBuilder().setSentAt(TimestampProtoMapper.toProto(sentAt)))
        .build();
  }
}
