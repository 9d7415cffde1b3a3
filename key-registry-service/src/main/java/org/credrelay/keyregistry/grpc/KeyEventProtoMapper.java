package org.credrelay.keyregistry.grpc;

import static org.credrelay.keyregistry.grpc.KeyProtoMapper.timestamp;
import static org.credrelay.keyregistry.grpc.KeyProtoMapper.usage;

import com.google.protobuf.ByteString;
import org.credrelay.keyhistory.EventAuthorization;
import org.credrelay.keyhistory.KeyEvent;
import org.credrelay.keyhistory.LogHead;
import org.credrelay.proto.common.v1.PublicKey;
import org.credrelay.proto.keyregistry.v1.KeyEventType;

/** Key events and log heads to protobuf messages of the gRPC contract. */
final class KeyEventProtoMapper {

  private KeyEventProtoMapper() {}

  public static org.credrelay.proto.keyregistry.v1.LogHead head(LogHead head) {
    return org.credrelay.proto.keyregistry.v1.LogHead.newBuilder()
        .setSequence(head.sequence())
        .setEventHash(head.eventHash())
        .build();
  }

  public static org.credrelay.proto.keyregistry.v1.KeyEvent event(KeyEvent event) {
    EventAuthorization auth = event.authorization();
    var builder =
        org.credrelay.proto.keyregistry.v1.KeyEvent.newBuilder()
            .setSequence(event.sequence())
            .setType(KeyEventType.valueOf("KEY_EVENT_TYPE_" + event.type().name()))
            .setKeyId(event.keyId())
            .setUsage(usage(event.usage()))
            .setPublicKey(PublicKey.newBuilder().setJwk(event.publicJwk()))
            .setOccurredAt(timestamp(event.occurredAt()))
            .setPreviousHash(event.previousHash())
            .setEventHash(event.eventHash())
            .setAuthorization(
                org.credrelay.proto.keyregistry.v1.EventAuthorization.newBuilder()
                    .setSignerKeyId(auth.signerKeyId())
                    .setMethod(auth.method())
                    .setNonce(auth.nonce())
                    .setTimestampMillis(auth.timestampMillis())
                    .setSignedPayload(ByteString.copyFrom(auth.signedPayload()))
                    .setSignature(ByteString.copyFrom(auth.signature())));
    if (event.replacedKeyId() != null) {
      builder.setReplacedKeyId(event.replacedKeyId());
    }
    if (event.replacedKeyRevokedAt() != null) {
      builder.setReplacedKeyRevokedAt(timestamp(event.replacedKeyRevokedAt()));
    }
    return builder.build();
  }
}
