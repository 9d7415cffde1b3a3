package org.credrelay.issuergateway.invitation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.credrelay.issuergateway.connection.Connection;
import org.credrelay.issuergateway.connection.ConnectionState;
import org.credrelay.issuergateway.invitation.service.PendingInvitationSyncJob;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

class PendingInvitationSyncJobTest extends GatewayIntegrationTest {

  @Autowired PendingInvitationSyncJob sync;

  @Test
  void sync_marksAcceptedConnections_andExpiresOldInvitations() throws Exception {
    TestTenant tenant = createTenant("Syncing Co");
    TestInvitation accepted = createInvitation(tenant);
    JsonNode shortLived =
        call(
            mvc.perform(
                    post("/api/v1/invitations")
                        .header(API_KEY, tenant.apiKey())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"validitySeconds\":60}"))
                .andReturn(),
            201);
    UUID expiring = UUID.fromString(shortLived.get("id").stringValue());
    newHolder(accepted.uri()).accept();

    assertThat(sync.sync(List.of(connections.get(accepted.id()).orElseThrow()))).isEqualTo(1);
    Connection connection = connections.get(accepted.id()).orElseThrow();
    assertThat(connection.state()).isEqualTo(ConnectionState.ACCEPTED);
    assertThat(connection.holderKeyId()).isNotBlank();

    clock.advance(Duration.ofSeconds(90));
    assertThat(sync.sync(List.of(connections.get(expiring).orElseThrow()))).isEqualTo(1);
    assertThat(connections.get(expiring).orElseThrow().state()).isEqualTo(ConnectionState.EXPIRED);
    assertThat(
            jdbc.sql("SELECT uri_erased_at IS NOT NULL FROM invitations WHERE id = ?")
                .param(expiring)
                .query(Boolean.class)
                .single())
        .isTrue();
  }

  @Test
  void revokedAtTheConnector_becomesRevoked() throws Exception {
    TestTenant tenant = createTenant("Remote Revoke Co");
    TestInvitation invitation = createInvitation(tenant);
    String connectorId = connections.get(invitation.id()).orElseThrow().connectorConnectionId();
    newHolder(invitation.uri()).accept();
    connector.revokeAsHolder(connectorId);

    sync.sync(List.of(connections.get(invitation.id()).orElseThrow()));
    assertThat(connections.get(invitation.id()).orElseThrow().state())
        .isEqualTo(ConnectionState.REVOKED);
  }
}
