package org.credrelay.connector.grpc;

import org.credrelay.connector.push.PushProvider;

/** Maps the wire's {@code PushProvider} to the domain's; UNSPECIFIED and unknown values to null. */
final class PushProtoMapper {

  private PushProtoMapper() {}

  static PushProvider fromProto(org.credrelay.proto.connector.v1.PushProvider provider) {
    return switch (provider) {
      case PUSH_PROVIDER_WEBHOOK -> PushProvider.WEBHOOK;
      case PUSH_PROVIDER_FCM -> PushProvider.FCM;
      case PUSH_PROVIDER_APNS -> PushProvider.APNS;
      case PUSH_PROVIDER_UNSPECIFIED, UNRECOGNIZED -> null;
    };
  }
}
