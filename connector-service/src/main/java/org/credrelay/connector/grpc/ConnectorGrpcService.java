package org.credrelay.connector.grpc;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import org.credrelay.connector.caller.Caller;
import org.credrelay.connector.caller.CallerContext;
import org.credrelay.connector.connection.ConnectionDetails;
import org.credrelay.connector.connection.service.ConnectionAcceptor;
import org.credrelay.connector.connection.service.ConnectionKeysManager;
import org.credrelay.connector.connection.service.ConnectionManager;
import org.credrelay.connector.error.GrpcErrorMapper;
import org.credrelay.connector.message.DeviceId;
import org.credrelay.connector.message.MessageCursor;
import org.credrelay.connector.message.service.MessageAcknowledgementManager;
import org.credrelay.connector.message.service.MessageManager;
import org.credrelay.connector.message.service.QueueStatusManager;
import org.credrelay.connector.participant.service.ParticipantManager;
import org.credrelay.connector.push.service.PushTargetManager;
import org.credrelay.connector.stream.service.MessageStreamHub;
import org.credrelay.proto.connector.v1.AcknowledgeMessagesRequest;
import org.credrelay.proto.connector.v1.AcknowledgeMessagesResponse;
import org.credrelay.proto.connector.v1.AddConnectionFromTokenRequest;
import org.credrelay.proto.connector.v1.AddConnectionFromTokenResponse;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc;
import org.credrelay.proto.connector.v1.DeletePushTargetRequest;
import org.credrelay.proto.connector.v1.DeletePushTargetResponse;
import org.credrelay.proto.connector.v1.GenerateConnectionTokenRequest;
import org.credrelay.proto.connector.v1.GenerateConnectionTokenResponse;
import org.credrelay.proto.connector.v1.GetConnectionByTokenRequest;
import org.credrelay.proto.connector.v1.GetConnectionByTokenResponse;
import org.credrelay.proto.connector.v1.GetConnectionCommunicationKeysRequest;
import org.credrelay.proto.connector.v1.GetConnectionCommunicationKeysResponse;
import org.credrelay.proto.connector.v1.GetConnectionTokenInfoRequest;
import org.credrelay.proto.connector.v1.GetConnectionTokenInfoResponse;
import org.credrelay.proto.connector.v1.GetConnectionsPaginatedRequest;
import org.credrelay.proto.connector.v1.GetConnectionsPaginatedResponse;
import org.credrelay.proto.connector.v1.GetMessageStreamRequest;
import org.credrelay.proto.connector.v1.GetMessageStreamResponse;
import org.credrelay.proto.connector.v1.GetMessagesPaginatedRequest;
import org.credrelay.proto.connector.v1.GetMessagesPaginatedResponse;
import org.credrelay.proto.connector.v1.GetQueueStatusRequest;
import org.credrelay.proto.connector.v1.GetQueueStatusResponse;
import org.credrelay.proto.connector.v1.RegisterParticipantRequest;
import org.credrelay.proto.connector.v1.RegisterParticipantResponse;
import org.credrelay.proto.connector.v1.RegisterPushTargetRequest;
import org.credrelay.proto.connector.v1.RegisterPushTargetResponse;
import org.credrelay.proto.connector.v1.RevokeConnectionRequest;
import org.credrelay.proto.connector.v1.RevokeConnectionResponse;
import org.credrelay.proto.connector.v1.SendMessageRequest;
import org.credrelay.proto.connector.v1.SendMessageResponse;
import org.credrelay.proto.connector.v1.SendMessagesRequest;
import org.credrelay.proto.connector.v1.SendMessagesResponse;
import org.credrelay.rpcsigning.DeferredNonce;
import org.credrelay.rpcsigning.SignatureVerifyingInterceptor;
import org.springframework.stereotype.Service;

/**
 * The {@code credrelay.connector.v1.ConnectorService}: maps each RPC's request to the domain with
 * the {@code *ProtoMapper}s beside it, calls the feature's manager and maps the answer back.
 * Nothing else touches generated types. {@link #bindService()} puts the rpc-signing's {@link
 * SignatureVerifyingInterceptor} directly in front of the methods, where it sees each request's
 * bytes exactly as received (the reason this class implements the generated {@code AsyncService}
 * instead of extending {@code ConnectorServiceImplBase}, whose {@code bindService()} is final).
 * Exceptions thrown here are mapped by {@link GrpcErrorMapper}.
 */
@Service
public class ConnectorGrpcService implements ConnectorServiceGrpc.AsyncService, BindableService {

  private final ParticipantManager participants;
  private final ConnectionManager connections;
  private final ConnectionAcceptor acceptor;
  private final ConnectionKeysManager connectionKeys;
  private final MessageManager messages;
  private final MessageStreamHub streams;
  private final QueueStatusManager queueStatus;
  private final MessageAcknowledgementManager acknowledgements;
  private final PushTargetManager pushTargets;
  private final SignatureVerifyingInterceptor authentication;
  private final GrpcErrorMapper errors;

  public ConnectorGrpcService(
      ParticipantManager participants,
      ConnectionManager connections,
      ConnectionAcceptor acceptor,
      ConnectionKeysManager connectionKeys,
      MessageManager messages,
      MessageStreamHub streams,
      QueueStatusManager queueStatus,
      MessageAcknowledgementManager acknowledgements,
      PushTargetManager pushTargets,
      SignatureVerifyingInterceptor authentication,
      GrpcErrorMapper errors) {
    this.participants = participants;
    this.connections = connections;
    this.acceptor = acceptor;
    this.connectionKeys = connectionKeys;
    this.messages = messages;
    this.streams = streams;
    this.queueStatus = queueStatus;
    this.acknowledgements = acknowledgements;
    this.pushTargets = pushTargets;
    this.authentication = authentication;
    this.errors = errors;
  }

  @Override
  public ServerServiceDefinition bindService() {
    return authentication.protect(ConnectorServiceGrpc.bindService(this));
  }

  @Override
  public void registerParticipant(
      RegisterParticipantRequest request, StreamObserver<RegisterParticipantResponse> responses) {
    reply(
        responses,
        () ->
            RegisterParticipantResponse.newBuilder()
                .setDid(
                    participants
                        .register(
                            CallerContext.participant(),
                            request.getDid(),
                            request.getName(),
                            ParticipantProtoMapper.fromProto(request.getRole()))
                        .did())
                .build());
  }

  @Override
  public void generateConnectionToken(
      GenerateConnectionTokenRequest request,
      StreamObserver<GenerateConnectionTokenResponse> responses) {
    reply(
        responses,
        () ->
            ConnectionProtoMapper.toProto(
                connections.generateTokens(CallerContext.participant(), request.getCount())));
  }

  @Override
  public void getConnectionTokenInfo(
      GetConnectionTokenInfoRequest request,
      StreamObserver<GetConnectionTokenInfoResponse> responses) {
    reply(
        responses,
        () -> {
          ConnectionDetails details = connections.tokenInfo(request.getToken());
          return ConnectionProtoMapper.tokenInfo(
              details, connections.participantRole(details.connection().participantDid()));
        });
  }

  @Override
  public void addConnectionFromToken(
      AddConnectionFromTokenRequest request,
      StreamObserver<AddConnectionFromTokenResponse> responses) {
    reply(
        responses,
        () ->
            AddConnectionFromTokenResponse.newBuilder()
                .setConnection(
                    ConnectionProtoMapper.toProto(
                        acceptor.accept(
                            CallerContext.current(),
                            request.getToken(),
                            request.getHolderAuthenticationKey().getJwk(),
                            request.getHolderCommunicationKey().getJwk(),
                            request.getKeyBindingProof().toByteArray())))
                .build());
  }

  @Override
  public void getConnectionByToken(
      GetConnectionByTokenRequest request, StreamObserver<GetConnectionByTokenResponse> responses) {
    reply(
        responses,
        () ->
            GetConnectionByTokenResponse.newBuilder()
                .setConnection(
                    ConnectionProtoMapper.toProto(
                        connections.byToken(CallerContext.current(), request.getToken())))
                .build());
  }

  @Override
  public void getConnectionsPaginated(
      GetConnectionsPaginatedRequest request,
      StreamObserver<GetConnectionsPaginatedResponse> responses) {
    reply(
        responses,
        () ->
            GetConnectionsPaginatedResponse.newBuilder()
                .addAllConnections(
                    ConnectionProtoMapper.toProto(
                        connections.page(
                            CallerContext.current(),
                            request.getLastSeenConnectionId(),
                            request.getLimit())))
                .build());
  }

  @Override
  public void revokeConnection(
      RevokeConnectionRequest request, StreamObserver<RevokeConnectionResponse> responses) {
    reply(
        responses,
        () ->
            RevokeConnectionResponse.newBuilder()
                .setConnection(
                    ConnectionProtoMapper.toProto(
                        connections.revoke(CallerContext.current(), request.getConnectionId())))
                .build());
  }

  @Override
  public void sendMessage(
      SendMessageRequest request, StreamObserver<SendMessageResponse> responses) {
    reply(
        responses,
        () ->
            SendMessageResponse.newBuilder()
                .setId(
                    messages
                        .send(
                            CallerContext.current(),
                            MessageProtoMapper.fromProto(request),
                            DeferredNonce.current().orElse(null))
                        .toString())
                .build());
  }

  @Override
  public void sendMessages(
      SendMessagesRequest request, StreamObserver<SendMessagesResponse> responses) {
    reply(
        responses,
        () ->
            MessageProtoMapper.toProto(
                messages.sendAll(
                    CallerContext.current(),
                    request.getMessagesList().stream().map(MessageProtoMapper::fromProto).toList(),
                    DeferredNonce.current().orElse(null))));
  }

  @Override
  public void getMessagesPaginated(
      GetMessagesPaginatedRequest request, StreamObserver<GetMessagesPaginatedResponse> responses) {
    reply(
        responses,
        () ->
            MessageProtoMapper.toProto(
                messages.page(
                    CallerContext.current(),
                    request.getDeviceId(),
                    request.getLastSeenMessageId(),
                    request.getLimit())));
  }

  @Override
  public void getMessageStream(
      GetMessageStreamRequest request, StreamObserver<GetMessageStreamResponse> responses) {
    Caller caller = CallerContext.current();
    MessageCursor cursor = messages.cursorAfter(caller, request.getLastSeenMessageId());
    DeviceId device = messages.deviceSeen(caller, request.getDeviceId());
    GrpcMessageSink.open(streams, caller.id(), device, cursor, responses, errors);
  }

  @Override
  public void getConnectionCommunicationKeys(
      GetConnectionCommunicationKeysRequest request,
      StreamObserver<GetConnectionCommunicationKeysResponse> responses) {
    reply(
        responses,
        () ->
            GetConnectionCommunicationKeysResponse.newBuilder()
                .addAllKeys(
                    ConnectionProtoMapper.communicationKeys(
                        connectionKeys.otherSideCommunicationKeys(
                            CallerContext.current(), request.getConnectionId())))
                .build());
  }

  @Override
  public void getQueueStatus(
      GetQueueStatusRequest request, StreamObserver<GetQueueStatusResponse> responses) {
    reply(
        responses,
        () ->
            QueueStatusProtoMapper.toProto(
                queueStatus.status(CallerContext.current(), request.getConnectionId())));
  }

  @Override
  public void acknowledgeMessages(
      AcknowledgeMessagesRequest request, StreamObserver<AcknowledgeMessagesResponse> responses) {
    reply(
        responses,
        () ->
            AcknowledgeMessagesResponse.newBuilder()
                .setAcknowledgedCount(
                    acknowledgements.acknowledge(
                        CallerContext.current(),
                        request.getDeviceId(),
                        request.getMessageIdsList()))
                .build());
  }

  @Override
  public void registerPushTarget(
      RegisterPushTargetRequest request, StreamObserver<RegisterPushTargetResponse> responses) {
    reply(
        responses,
        () ->
            RegisterPushTargetResponse.newBuilder()
                .setDeviceId(request.getDeviceId())
                .setTargets(
                    pushTargets.register(
                        CallerContext.current(),
                        request.getDeviceId(),
                        PushProtoMapper.fromProto(request.getProvider()),
                        request.getToken()))
                .build());
  }

  @Override
  public void deletePushTarget(
      DeletePushTargetRequest request, StreamObserver<DeletePushTargetResponse> responses) {
    reply(
        responses,
        () ->
            DeletePushTargetResponse.newBuilder()
                .setDeleted(pushTargets.delete(CallerContext.current(), request.getDeviceId()))
                .build());
  }

  /** Unary reply; a thrown exception propagates to Spring gRPC's handler (GrpcErrorMapper). */
  private static <T> void reply(StreamObserver<T> responses, Supplier<T> handler) {
    T response = handler.get();
    responses.onNext(response);
    responses.onCompleted();
  }
}
