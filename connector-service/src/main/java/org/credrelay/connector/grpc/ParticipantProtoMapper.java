package org.credrelay.connector.grpc;

import org.credrelay.proto.connector.v1.ParticipantRole;

/** Participant roles between the wire and the domain. */
final class ParticipantProtoMapper {

  private ParticipantProtoMapper() {}

  /** The domain role, or null for UNSPECIFIED and unknown values (the manager refuses them). */
  static org.credrelay.connector.participant.ParticipantRole fromProto(ParticipantRole role) {
    return switch (role) {
      case PARTICIPANT_ROLE_ISSUER -> org.credrelay.connector.participant.ParticipantRole.ISSUER;
      case PARTICIPANT_ROLE_VERIFIER ->
          org.credrelay.connector.participant.ParticipantRole.VERIFIER;
      default -> null;
    };
  }

  static ParticipantRole toProto(org.credrelay.connector.participant.ParticipantRole role) {
    return switch (role) {
      case ISSUER -> ParticipantRole.PARTICIPANT_ROLE_ISSUER;
      case VERIFIER -> ParticipantRole.PARTICIPANT_ROLE_VERIFIER;
    };
  }
}
