package org.credrelay.connector.grpc;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import org.credrelay.connector.connection.grpc.ConnectionGrpcEndpoint;
import org.credrelay.connector.message.grpc.MessageGrpcEndpoint;
import org.credrelay.connector.participant.grpc.ParticipantGrpcEndpoint;
import org.credrelay.connector.stream.grpc.MessageStreamGrpcEndpoint;
import org.credrelay.proto.connector.v1.AddConnectionFromTokenRequest;
import org.credrelay.proto.connector.v1.AddConnectionFromTokenResponse;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc;
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
import org.credrelay.proto.connector.v1.RegisterParticipantRequest;
import org.credrelay.proto.connector.v1.RegisterParticipantResponse;
import org.credrelay.proto.connector.v1.RevokeConnectionRequest;
import org.credrelay.proto.connector.v1.RevokeConnectionResponse;
import org.credrelay.proto.connector.v1.SendMessageRequest;
import org.credrelay.proto.connector.v1.SendMessageResponse;
import org.credrelay.proto.connector.v1.SendMessagesRequest;
import org.credrelay.proto.connector.v1.SendMessagesResponse;
import org.credrelay.rpcsigning.SignatureVerifyingInterceptor;
import org.springframework.stereotype.Service;

/**
 * The {@code credrelay.connector.v1.ConnectorService} binding: each RPC is delegated to its
 * feature's endpoint. {@link #bindService()} puts rpc-signing's {@link SignatureVerifyingInterceptor}
 * directly in front of the methods, where it sees each request's bytes exactly as received. Exceptions thrown
 * here are mapped by {@link org.credrelay.connector.error.GrpcErrorMapper}.
 */
@Service
public class ConnectorGrpcService implements ConnectorServiceGrpc.AsyncService, BindableService {

  private final ParticipantGrpcEndpoint participants;
  private final ConnectionGrpcEndpoint connections;
  private final MessageGrpcEndpoint messages;
  private final MessageStreamGrpcEndpoint streams;
  private final SignatureVerifyingInterceptor authentication;

  public ConnectorGrpcService(ParticipantGrpcEndpoint participants,
      ConnectionGrpcEndpoint connections, MessageGrpcEndpoint messages,
      MessageStreamGrpcEndpoint streams, SignatureVerifyingInterceptor authentication) {
    this.participants = participants;
    this.connections = connections;
    this.messages = messages;
    this.streams = streams;
    this.authentication = authentication;
  }

  @Override
  public ServerServiceDefinition bindService() {
    return authentication.protect(ConnectorServiceGrpc.bindService(this));
  }

  @Override
  public void registerParticipant(RegisterParticipantRequest request,
      StreamObserver<RegisterParticipantResponse> responses) {
    reply(responses, () -> participants.register(request));
  }

  @Override
  public void generateConnectionToken(GenerateConnectionTokenRequest request,
      StreamObserver<GenerateConnectionTokenResponse> responses) {
    reply(responses, () -> connections.generateToken(request));
  }

  @Override
  public void getConnectionTokenInfo(GetConnectionTokenInfoRequest request,
      StreamObserver<GetConnectionTokenInfoResponse> responses) {
    reply(responses, () -> connections.tokenInfo(request));
  }

  @Override
  public void addConnectionFromToken(AddConnectionFromTokenRequest request,
      StreamObserver<AddConnectionFromTokenResponse> responses) {
    reply(responses, () -> connections.addFromToken(request));
  }

  @Override
  public void getConnectionByToken(GetConnectionByTokenRequest request,
      StreamObserver<GetConnectionByTokenResponse> responses) {
    reply(responses, () -> connections.byToken(request));
  }

  @Override
  public void getConnectionsPaginated(GetConnectionsPaginatedRequest request,
      StreamObserver<GetConnectionsPaginatedResponse> responses) {
    reply(responses, () -> connections.page(request));
  }

  @Override
  public void revokeConnection(RevokeConnectionRequest request,
      StreamObserver<RevokeConnectionResponse> responses) {
    reply(responses, () -> connections.revoke(request));
  }

  @Override
  public void sendMessage(SendMessageRequest request, StreamObserver<SendMessageResponse> responses) {
    reply(responses, () -> messages.send(request));
  }

  @Override
  public void sendMessages(SendMessagesRequest request,
      StreamObserver<SendMessagesResponse> responses) {
    reply(responses, () -> messages.sendAll(request));
  }

  @Override
  public void getMessagesPaginated(GetMessagesPaginatedRequest request,
      StreamObserver<GetMessagesPaginatedResponse> responses) {
    reply(responses, () -> messages.page(request));
  }

  @Override
  public void getMessageStream(GetMessageStreamRequest request,
      StreamObserver<GetMessageStreamResponse> responses) {
    streams.stream(request, responses);
  }

  @Override
  public void getConnectionCommunicationKeys(GetConnectionCommunicationKeysRequest request,
      StreamObserver<GetConnectionCommunicationKeysResponse> responses) {
    reply(responses, () -> connections.communicationKeys(request));
  }

  /** Unary reply; a thrown exception propagates to Spring gRPC's handler (GrpcErrorMapper). */
  private static <T> void reply(StreamObserver<T> responses, Supplier<T> handler) {
    T response = handler.get();
    responses.onNext(response);
    responses.onCompleted();
  }
}
