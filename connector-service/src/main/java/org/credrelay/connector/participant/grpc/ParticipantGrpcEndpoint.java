package org.credrelay.connector.participant.grpc;

import org.credrelay.connector.auth.Caller;
import org.credrelay.connector.auth.CallerContext;
import org.credrelay.connector.participant.ParticipantRole;
import org.credrelay.connector.participant.service.ParticipantManager;
import org.credrelay.proto.connector.v1.RegisterParticipantRequest;
import org.credrelay.proto.connector.v1.RegisterParticipantResponse;
import org.springframework.stereotype.Component;

/** Transport mapping of RegisterParticipant. */
@Component
public class ParticipantGrpcEndpoint {

  private final ParticipantManager participants;

  public ParticipantGrpcEndpoint(ParticipantManager participants) {
    this.participants = participants;
  }

  public RegisterParticipantResponse register(RegisterParticipantRequest request) {
    Caller.Participant caller = CallerContext.participant();
    ParticipantRole role = switch (request.getRole()) {
      case PARTICIPANT_ROLE_ISSUER -> ParticipantRole.ISSUER;
      case PARTICIPANT_ROLE_VERIFIER -> ParticipantRole.VERIFIER;
      default -> null;
    };
    return RegisterParticipantResponse.newBuilder()
        .setDid(participants.register(caller, request.getDid(), request.getName(), role).did())
        .build();
  }
}
