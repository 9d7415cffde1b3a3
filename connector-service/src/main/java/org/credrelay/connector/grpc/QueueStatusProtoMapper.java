package org.credrelay.connector.grpc;

import java.time.Duration;
import java.time.Instant;
import org.credrelay.connector.message.QueueFigures;
import org.credrelay.connector.message.QueueStatus;
import org.credrelay.proto.connector.v1.ConnectionQueueStatus;
import org.credrelay.proto.connector.v1.GetQueueStatusResponse;

/** Queue status to the GetQueueStatus response. */
final class QueueStatusProtoMapper {

  private QueueStatusProtoMapper() {}

  static GetQueueStatusResponse toProto(QueueStatus status) {
    GetQueueStatusResponse.Builder response =
        GetQueueStatusResponse.newBuilder()
            .setTotal(toProto(status.total(), status.asOf()))
            .setMaxMessages(status.maxMessages())
            .setMaxBytes(status.maxBytes());
    status
        .connections()
        .forEach(
            connection ->
                response.addConnections(
                    ConnectionQueueStatus.newBuilder()
                        .setConnectionId(connection.connectionId().toString())
                        .setFigures(toProto(connection.figures(), status.asOf()))));
    return response.build();
  }

  private static org.credrelay.proto.connector.v1.QueueFigures toProto(
      QueueFigures figures, Instant asOf) {
    org.credrelay.proto.connector.v1.QueueFigures.Builder proto =
        org.credrelay.proto.connector.v1.QueueFigures.newBuilder()
            .setWaitingMessages(figures.messages())
            .setWaitingBytes(figures.bytes());
    if (figures.oldestReceivedAt() != null) {
      Duration age = Duration.between(figures.oldestReceivedAt(), asOf);
      if (age.isNegative()) {
        age = Duration.ZERO;
      }
      proto
          .setOldestReceivedAt(TimestampProtoMapper.toProto(figures.oldestReceivedAt()))
          .setOldestAge(
              com.google.protobuf.Duration.newBuilder()
                  .setSeconds(age.getSeconds())
                  .setNanos(age.getNano()));
    }
    return proto.build();
  }
}
