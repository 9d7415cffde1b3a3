package org.credrelay.connector.participant;

import static org.assertj.core.api.Assertions.assertThat;

import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.support.ConnectorIntegrationTest;
import org.credrelay.connector.support.TestParty;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc;
import org.credrelay.proto.connector.v1.ParticipantRole;
import org.credrelay.proto.connector.v1.RegisterParticipantRequest;
import org.junit.jupiter.api.Test;

class RegisterParticipantTest extends ConnectorIntegrationTest {

  private static RegisterParticipantRequest request(TestParty party, String name) {
    return RegisterParticipantRequest.newBuilder()
        .setDid(party.did())
        .setName(name)
        .setRole(ParticipantRole.PARTICIPANT_ROLE_ISSUER)
        .build();
  }

  @Test
  void registerParticipant_signedByActiveDidKey_succeedsAndIsIdempotent() {
    TestParty issuer = TestParty.participant("issuer", clock);

    assertThat(issuer.stub(channel).registerParticipant(request(issuer, "Uni")).getDid())
        .isEqualTo(issuer.did());
    assertThat(issuer.stub(channel).registerParticipant(request(issuer, "Uni")).getDid())
        .isEqualTo(issuer.did());
  }

  @Test
  void registerParticipant_againWithOtherName_isAlreadyExists() {
    TestParty issuer = TestParty.participant("issuer", clock);
    issuer.stub(channel).registerParticipant(request(issuer, "Uni"));

    assertRefused(
        () -> issuer.stub(channel).registerParticipant(request(issuer, "Other")),
        ErrorReason.PARTICIPANT_ALREADY_REGISTERED);
  }

  @Test
  void registerParticipant_malformedInput_isInvalidArgument() {
    TestParty issuer = TestParty.participant("issuer", clock);

    assertRefused(
        () -> issuer.stub(channel).registerParticipant(request(issuer, "")),
        ErrorReason.INVALID_PARTICIPANT_NAME);
    assertRefused(
        () ->
            issuer
                .stub(channel)
                .registerParticipant(
                    request(issuer, "Uni").toBuilder()
                        .setRole(ParticipantRole.PARTICIPANT_ROLE_UNSPECIFIED)
                        .build()),
        ErrorReason.INVALID_PARTICIPANT_ROLE);
  }

  @Test
  void registerParticipant_forAnotherDid_isUnauthenticated() {
    TestParty issuer = TestParty.participant("issuer", clock);
    TestParty other = TestParty.participant("other", clock);

    assertRefused(
        () -> issuer.stub(channel).registerParticipant(request(other, "Evil")),
        ErrorReason.WRONG_SIGNER);
  }

  @Test
  void registerParticipant_withRevokedKey_isUnauthenticated() {
    TestParty issuer = TestParty.participant("issuer", clock);
    registry.revoke(issuer.authentication().kid());

    assertRefused(
        () -> issuer.stub(channel).registerParticipant(request(issuer, "Uni")),
        ErrorReason.REQUEST_NOT_AUTHENTICATED);
  }

  @Test
  void registerParticipant_unsigned_isUnauthenticated() {
    TestParty issuer = TestParty.participant("issuer", clock);

    assertRefused(
        () ->
            ConnectorServiceGrpc.newBlockingStub(channel)
                .registerParticipant(request(issuer, "Uni")),
        ErrorReason.MISSING_SIGNATURE);
  }

  @Test
  void registerParticipant_registryDown_isUnavailable() {
    TestParty issuer = TestParty.participant("issuer", clock);
    registry.setUnavailable(true);

    assertRefused(
        () -> issuer.stub(channel).registerParticipant(request(issuer, "Uni")),
        ErrorReason.KEY_REGISTRY_UNAVAILABLE);
  }
}
