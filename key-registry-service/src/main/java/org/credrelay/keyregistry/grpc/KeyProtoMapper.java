package org.credrelay.keyregistry.grpc;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import org.credrelay.keyhistory.KeyStatus;
import org.credrelay.keyhistory.KeyUsage;
import org.credrelay.keyhistory.OwnerType;
import org.credrelay.keyregistry.key.RegisteredKey;
import org.credrelay.proto.common.v1.PublicKey;

/** Keys and their usage, status and times to protobuf messages of the gRPC contract. */
public final class KeyProtoMapper {

  private KeyProtoMapper() {}

  /** A key with its status at {@code now}. */
  public static org.credrelay.proto.keyregistry.v1.RegisteredKey key(
      RegisteredKey key, Instant now) {
    var builder =
        org.credrelay.proto.keyregistry.v1.RegisteredKey.newBuilder()
            .setKeyId(key.keyId())
            .setUsage(usage(key.usage()))
            .setCurve(key.curve())
            .setPublicKey(PublicKey.newBuilder().setJwk(key.publicJwk()))
            .setStatus(status(key.statusAt(now)))
            .setCreatedAt(timestamp(key.createdAt()));
    if (key.revokedAt() != null) {
      builder.setRevokedAt(timestamp(key.revokedAt()));
    }
    if (key.replacesKeyId() != null) {
      builder.setReplacesKeyId(key.replacesKeyId());
    }
    if (key.owner().type() == OwnerType.DID) {
      builder.setDid(key.owner().id());
    } else {
      builder.setConnectionId(key.owner().id());
    }
    return builder.build();
  }

  public static org.credrelay.proto.common.v1.KeyUsage usage(KeyUsage usage) {
    return usage == KeyUsage.COMMUNICATION
        ? org.credrelay.proto.common.v1.KeyUsage.KEY_USAGE_COMMUNICATION
        : org.credrelay.proto.common.v1.KeyUsage.KEY_USAGE_AUTHENTICATION;
  }

  public static org.credrelay.proto.common.v1.KeyStatus status(KeyStatus status) {
    return switch (status) {
      case ACTIVE -> org.credrelay.proto.common.v1.KeyStatus.KEY_STATUS_ACTIVE;
      case REVOKED -> org.credrelay.proto.common.v1.KeyStatus.KEY_STATUS_REVOKED;
      case NOT_YET_REGISTERED -> org.credrelay.proto.common.v1.KeyStatus.KEY_STATUS_UNSPECIFIED;
    };
  }

  public static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }
}
