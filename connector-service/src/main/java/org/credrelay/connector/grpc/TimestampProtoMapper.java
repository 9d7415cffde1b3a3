package org.credrelay.connector.grpc;

import com.google.protobuf.Timestamp;
import java.time.Instant;

/** Instant to protobuf Timestamp. */
final class TimestampProtoMapper {

  private TimestampProtoMapper() {}

  static Timestamp toProto(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }
}
