package org.credrelay.connector.connection.grpc;

import org.credrelay.connector.connection.Connection;
import org.credrelay.connector.connection.ConnectionDetails;
import org.credrelay.connector.grpc.ProtoTime;
import org.credrelay.proto.connector.v1.ConnectionInfo;
import org.credrelay.proto.connector.v1.ConnectionState;

/** Connection details to the wire model. */
final class ConnectionInfoMapper {

  private ConnectionInfoMapper() {}

  static ConnectionInfo toProto(ConnectionDetails details) {
    Connection c = details.connection();
    ConnectionInfo.Builder info = ConnectionInfo.newBuilder()
        .setConnectionId(c.id().toString())
        .setToken(c.token())
        .setState(switch (details.state()) {
          case INVITED -> ConnectionState.CONNECTION_STATE_INVITED;
          case CONNECTED -> ConnectionState.CONNECTION_STATE_CONNECTED;
          case REVOKED -> ConnectionState.CONNECTION_STATE_REVOKED;
          case EXPIRED -> ConnectionState.CONNECTION_STATE_EXPIRED;
        })
        .setParticipantDid(c.participantDid())
        .setParticipantName(details.participantName())
        .setCreatedAt(ProtoTime.of(c.createdAt()))
        .setTokenExpiresAt(ProtoTime.of(c.tokenExpiresAt()))
        .setRefusedAccepts(c.refusedAccepts());
    if (c.holderKeyId() != null) {
      info.setHolderKeyId(c.holderKeyId());
    }
    if (c.connectedAt() != null) {
      info.setConnectedAt(ProtoTime.of(c.connectedAt()));
    }
    if (c.revokedAt() != null) {
      info.setRevokedAt(ProtoTime.of(c.revokedAt()));
    }
    if (c.lastRefusedAt() != null) {
      info.setLastRefusedAt(ProtoTime.of(c.lastRefusedAt()));
    }
    return info.build();
  }
}
