package org.credrelay.connector.participant;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import org.credrelay.connector.support.ConnectorIntegrationTest;
import org.credrelay.connector.support.TestParty;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc;
import org.credrelay.proto.connector.v1.ParticipantRole;
import org.credrelay.proto.connector.v1.RegisterParticipantRequest;
import org.junit.jupiter.api.Test;

class RegisterParticipantTest extends ConnectorIntegrationTest {

  private static RegisterParticipantRequest request(TestParty party, String name) {
    return RegisterParticipantRequest.newBuilder().setDid(party.did()).setName(name)
        .setRole(ParticipantRole.PARTICIPANT_ROLE_ISSUER).build();
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

    assertStatus(() -> issuer.stub(channel).registerParticipant(request(issuer, "Other")),
        Status.Code.ALREADY_EXISTS);
  }

  @Test
  void registerParticipant_malformedInput_isInvalidArgument() {
    TestParty issuer = TestParty.participant("issuer", clock);

    assertStatus(() -> issuer.stub(channel).registerParticipant(request(issuer, "")),
        Status.Code.INVALID_ARGUMENT);
    assertStatus(() -> issuer.stub(channel).registerParticipant(request(issuer, "Uni").toBuilder()
        .setRole(ParticipantRole.PARTICIPANT_ROLE_UNSPECIFIED).build()), Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void registerParticipant_forAnotherDid_isUnauthenticated() {
    TestParty issuer = TestParty.participant("issuer", clock);
    TestParty other = TestParty.participant("other", clock);

    assertStatus(() -> issuer.stub(channel).registerParticipant(request(other, "Evil")),
        Status.Code.UNAUTHENTICATED);
  }

  @Test
  void registerParticipant_withRevokedKey_isUnauthenticated() {
    TestParty issuer = TestParty.participant("issuer", clock);
    registry.revoke(issuer.authentication().kid());

    assertStatus(() -> issuer.stub(channel).registerParticipant(request(issuer, "Uni")),
        Status.Code.UNAUTHENTICATED);
  }

  @Test
  void registerParticipant_unsigned_isUnauthenticated() {
    TestParty issuer = TestParty.participant("issuer", clock);

    assertStatus(() -> ConnectorServiceGrpc.newBlockingStub(channel)
        .registerParticipant(request(issuer, "Uni")), Status.Code.UNAUTHENTICATED);
  }

  @Test
  void registerParticipant_registryDown_isUnavailable() {
    TestParty issuer = TestParty.participant("issuer", clock);
    registry.setUnavailable(true);

    assertStatus(() -> issuer.stub(channel).registerParticipant(request(issuer, "Uni")),
        Status.Code.UNAVAILABLE);
  }
}
