package org.credrelay.connector.grpc;

import com.google.protobuf.Timestamp;
import java.time.Instant;

/** Instant to protobuf Timestamp. */
public final class ProtoTime {

  private ProtoTime() {}

  public static Timestamp of(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano())
        .build();
  }
}
