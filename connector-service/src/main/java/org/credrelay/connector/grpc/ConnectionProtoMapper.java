package org.credrelay.connector.grpc;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.credrelay.connector.connection.Connection;
import org.credrelay.connector.connection.ConnectionDetails;
import org.credrelay.connector.connection.ConnectionTokens;
import org.credrelay.connector.keys.RegistryKey;
import org.credrelay.proto.common.v1.ConnectionKey;
import org.credrelay.proto.common.v1.KeyUsage;
import org.credrelay.proto.common.v1.PublicKey;
import org.credrelay.proto.connector.v1.ConnectionInfo;
import org.credrelay.proto.connector.v1.ConnectionState;
import org.credrelay.proto.connector.v1.GenerateConnectionTokenResponse;
import org.credrelay.proto.connector.v1.GetConnectionTokenInfoResponse;
import org.credrelay.proto.connector.v1.ParticipantRole;

/** Connections, tokens and connection keys to the wire model. */
final class ConnectionProtoMapper {

  private ConnectionProtoMapper() {}

  static GenerateConnectionTokenResponse toProto(ConnectionTokens tokens) {
    return GenerateConnectionTokenResponse.newBuilder()
        .addAllTokens(tokens.tokens())
        .addAllConnectionIds(tokens.connectionIds().stream().map(UUID::toString).toList())
        .setExpiresAt(TimestampProtoMapper.toProto(tokens.expiresAt()))
        .build();
  }

  static GetConnectionTokenInfoResponse tokenInfo(
      ConnectionDetails details,
      Optional<org.credrelay.connector.participant.ParticipantRole> role) {
    return GetConnectionTokenInfoResponse.newBuilder()
        .setParticipantDid(details.connection().participantDid())
        .setParticipantName(details.participantName())
        .setParticipantRole(
            role.map(ParticipantProtoMapper::toProto)
                .orElse(ParticipantRole.PARTICIPANT_ROLE_UNSPECIFIED))
        .setExpiresAt(TimestampProtoMapper.toProto(details.connection().tokenExpiresAt()))
        .build();
  }

  static ConnectionInfo toProto(ConnectionDetails details) {
    Connection c = details.connection();
    ConnectionInfo.Builder info =
        ConnectionInfo.newBuilder()
            .setConnectionId(c.id().toString())
            .setToken(c.token())
            .setState(
                switch (details.state()) {
                  case INVITED -> ConnectionState.CONNECTION_STATE_INVITED;
                  case CONNECTED -> ConnectionState.CONNECTION_STATE_CONNECTED;
                  case REVOKED -> ConnectionState.CONNECTION_STATE_REVOKED;
                  case EXPIRED -> ConnectionState.CONNECTION_STATE_EXPIRED;
                })
            .setParticipantDid(c.participantDid())
            .setParticipantName(details.participantName())
            .setCreatedAt(TimestampProtoMapper.toProto(c.createdAt()))
            .setTokenExpiresAt(TimestampProtoMapper.toProto(c.tokenExpiresAt()))
            .setRefusedAccepts(c.refusedAccepts());
    if (c.holderKeyId() != null) {
      info.setHolderKeyId(c.holderKeyId());
    }
    if (c.connectedAt() != null) {
      info.setConnectedAt(TimestampProtoMapper.toProto(c.connectedAt()));
    }
    if (c.revokedAt() != null) {
      info.setRevokedAt(TimestampProtoMapper.toProto(c.revokedAt()));
    }
    if (c.lastRefusedAt() != null) {
      info.setLastRefusedAt(TimestampProtoMapper.toProto(c.lastRefusedAt()));
    }
    return info.build();
  }

  static List<ConnectionInfo> toProto(List<ConnectionDetails> details) {
    return details.stream().map(ConnectionProtoMapper::toProto).toList();
  }

  /** The other side's communication keys, as the key registry reported them. */
  static List<ConnectionKey> communicationKeys(List<RegistryKey> keys) {
    return keys.stream()
        .map(
            key ->
                ConnectionKey.newBuilder()
                    .setKeyId(key.keyId())
                    .setPublicKey(PublicKey.newBuilder().setJwk(key.publicJwk()))
                    .setUsage(KeyUsage.KEY_USAGE_COMMUNICATION)
                    .build())
        .toList();
  }
}
