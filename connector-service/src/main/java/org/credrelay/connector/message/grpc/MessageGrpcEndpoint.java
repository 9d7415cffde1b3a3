package org.credrelay.connector.message.grpc;

import java.util.List;
import java.util.UUID;
import org.credrelay.connector.auth.CallerContext;
import org.credrelay.connector.grpc.ProtoTime;
import org.credrelay.connector.message.MessagePage;
import org.credrelay.connector.message.OutgoingMessage;
import org.credrelay.connector.message.StoredMessage;
import org.credrelay.connector.message.service.MessageManager;
import org.credrelay.proto.connector.v1.GetMessagesPaginatedRequest;
import org.credrelay.proto.connector.v1.GetMessagesPaginatedResponse;
import org.credrelay.proto.connector.v1.ReceivedMessage;
import org.credrelay.proto.connector.v1.SendMessageRequest;
import org.credrelay.proto.connector.v1.SendMessageResponse;
import org.credrelay.proto.connector.v1.SendMessagesRequest;
import org.credrelay.proto.connector.v1.SendMessagesResponse;
import com.google.protobuf.UnsafeByteOperations;
import org.springframework.stereotype.Component;

/** Transport mapping of SendMessage, SendMessages and GetMessagesPaginated. */
@Component
public class MessageGrpcEndpoint {

  private final MessageManager messages;

  public MessageGrpcEndpoint(MessageManager messages) {
    this.messages = messages;
  }

  public SendMessageResponse send(SendMessageRequest request) {
    UUID id = messages.send(CallerContext.current(), outgoing(request));
    return SendMessageResponse.newBuilder().setId(id.toString()).build();
  }

  public SendMessagesResponse sendAll(SendMessagesRequest request) {
    List<UUID> ids = messages.sendAll(CallerContext.current(),
        request.getMessagesList().stream().map(MessageGrpcEndpoint::outgoing).toList());
    return SendMessagesResponse.newBuilder()
        .addAllIds(ids.stream().map(UUID::toString).toList()).build();
  }

  public GetMessagesPaginatedResponse page(GetMessagesPaginatedRequest request) {
    MessagePage page = messages.page(CallerContext.current(), request.getLastSeenMessageId(),
        request.getLimit());
    return GetMessagesPaginatedResponse.newBuilder()
        .addAllMessages(page.messages().stream().map(MessageGrpcEndpoint::toProto).toList())
        .setHasMore(page.hasMore())
        .build();
  }

  /** A stored message as delivered (also used by the stream). */
  public static ReceivedMessage toProto(StoredMessage message) {
    return ReceivedMessage.newBuilder()
        .setId(message.id().toString())
        .setConnectionId(message.connectionId().toString())
        .setReceived(ProtoTime.of(message.receivedAt()))
        // The array is never modified after it was read from the database.
        .setMessage(UnsafeByteOperations.unsafeWrap(message.content()))
        .build();
  }

  private static OutgoingMessage outgoing(SendMessageRequest request) {
    return new OutgoingMessage(request.getConnectionId(), request.getMessage().toByteArray(),
        request.getClientMessageId());
  }
}
