package org.credrelay.connector.connection.grpc;

import org.credrelay.connector.auth.Caller;
import org.credrelay.connector.auth.CallerContext;
import org.credrelay.connector.connection.ConnectionDetails;
import org.credrelay.connector.connection.ConnectionTokens;
import org.credrelay.connector.connection.service.ConnectionAcceptor;
import org.credrelay.connector.connection.service.ConnectionManager;
import org.credrelay.connector.error.ConnectorException;
import org.credrelay.connector.grpc.ProtoTime;
import org.credrelay.connector.keys.service.ConnectionKeysManager;
import org.credrelay.proto.common.v1.ConnectionKey;
import org.credrelay.proto.common.v1.KeyUsage;
import org.credrelay.proto.common.v1.PublicKey;
import org.credrelay.proto.connector.v1.AddConnectionFromTokenRequest;
import org.credrelay.proto.connector.v1.AddConnectionFromTokenResponse;
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
import org.credrelay.proto.connector.v1.ParticipantRole;
import org.credrelay.proto.connector.v1.RevokeConnectionRequest;
import org.credrelay.proto.connector.v1.RevokeConnectionResponse;
import org.springframework.stereotype.Component;

/** Transport mapping of the connection RPCs. */
@Component
public class ConnectionGrpcEndpoint {

  private final ConnectionManager connections;
  private final ConnectionAcceptor acceptor;
  private final ConnectionKeysManager keys;

  public ConnectionGrpcEndpoint(ConnectionManager connections, ConnectionAcceptor acceptor,
      ConnectionKeysManager keys) {
    this.connections = connections;
    this.acceptor = acceptor;
    this.keys = keys;
  }

  public GenerateConnectionTokenResponse generateToken(GenerateConnectionTokenRequest request) {
    ConnectionTokens tokens = connections.generateTokens(CallerContext.participant(),
        request.getCount());
    return GenerateConnectionTokenResponse.newBuilder()
        .addAllTokens(tokens.tokens())
        .addAllConnectionIds(tokens.connectionIds().stream().map(Object::toString).toList())
        .setExpiresAt(ProtoTime.of(tokens.expiresAt()))
        .build();
  }

  public GetConnectionTokenInfoResponse tokenInfo(GetConnectionTokenInfoRequest request) {
    ConnectionDetails details = connections.tokenInfo(request.getToken());
    return GetConnectionTokenInfoResponse.newBuilder()
        .setParticipantDid(details.connection().participantDid())
        .setParticipantName(details.participantName())
        .setParticipantRole(connections.participantRole(details.connection().participantDid())
            .map(role -> switch (role) {
              case ISSUER -> ParticipantRole.PARTICIPANT_ROLE_ISSUER;
              case VERIFIER -> ParticipantRole.PARTICIPANT_ROLE_VERIFIER;
            }).orElse(ParticipantRole.PARTICIPANT_ROLE_UNSPECIFIED))
        .setExpiresAt(ProtoTime.of(details.connection().tokenExpiresAt()))
        .build();
  }

  public AddConnectionFromTokenResponse addFromToken(AddConnectionFromTokenRequest request) {
    if (!(CallerContext.current() instanceof Caller.Holder holder)) {
      throw ConnectorException.unauthenticated("AddConnectionFromToken is signed by the holder key");
    }
    ConnectionDetails details = acceptor.accept(holder, request.getToken(),
        request.getHolderAuthenticationKey().getJwk(), request.getHolderCommunicationKey().getJwk(),
        request.getKeyBindingProof().toByteArray());
    return AddConnectionFromTokenResponse.newBuilder()
        .setConnection(ConnectionInfoMapper.toProto(details)).build();
  }

  public GetConnectionByTokenResponse byToken(GetConnectionByTokenRequest request) {
    return GetConnectionByTokenResponse.newBuilder()
        .setConnection(ConnectionInfoMapper.toProto(
            connections.byToken(CallerContext.current(), request.getToken())))
        .build();
  }

  public GetConnectionsPaginatedResponse page(GetConnectionsPaginatedRequest request) {
    return GetConnectionsPaginatedResponse.newBuilder()
        .addAllConnections(connections.page(CallerContext.current(),
            request.getLastSeenConnectionId(), request.getLimit()).stream()
            .map(ConnectionInfoMapper::toProto).toList())
        .build();
  }

  public RevokeConnectionResponse revoke(RevokeConnectionRequest request) {
    return RevokeConnectionResponse.newBuilder()
        .setConnection(ConnectionInfoMapper.toProto(
            connections.revoke(CallerContext.current(), request.getConnectionId())))
        .build();
  }

  public GetConnectionCommunicationKeysResponse communicationKeys(
      GetConnectionCommunicationKeysRequest request) {
    return GetConnectionCommunicationKeysResponse.newBuilder()
        .addAllKeys(keys.otherSideCommunicationKeys(CallerContext.current(),
            request.getConnectionId()).stream()
            .map(key -> ConnectionKey.newBuilder()
                .setKeyId(key.keyId())
                .setPublicKey(PublicKey.newBuilder().setJwk(key.publicJwk()))
                .setUsage(KeyUsage.KEY_USAGE_COMMUNICATION)
                .build())
            .toList())
        .build();
  }
}
