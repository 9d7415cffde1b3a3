package org.credrelay.issuergateway.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.credrelay.issuergateway.testing.TestHolder;
import org.junit.jupiter.api.Test;

/**
 * The delivery worker reads its batch's connections with {@code ConnectionStore#getAll}, a plain
 * statement; it must return exactly what the entity mapping returns for the same rows, every column
 * included, or a credential could be sealed to a stale or missing pinned key.
 */
class ConnectionBatchReadTest extends GatewayIntegrationTest {

  @Test
  void getAll_returnsWhatTheEntityMappingReturns_forEveryColumn() throws Exception {
    TestTenant tenant = createTenant("Batch Read Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID verified = gatewayConnectionId(tenant, holder);
    UUID revoked = createInvitation(tenant).id();
    connections.close(revoked, ConnectionState.REVOKED, "revoked by the test", clock.instant());
    UUID invited = createInvitation(tenant).id();

    List<Connection> read =
        connections.getAll(List.of(verified, revoked, invited, UUID.randomUUID()));

    assertThat(read)
        .containsExactlyInAnyOrder(
            connections.get(verified).orElseThrow(),
            connections.get(revoked).orElseThrow(),
            connections.get(invited).orElseThrow());
    Connection pinned = connections.get(verified).orElseThrow();
    assertThat(pinned.pinnedCommJwk()).isNotBlank();
    assertThat(pinned.verifiedAt()).isNotNull();
    assertThat(connections.get(revoked).orElseThrow().lastErrorCode())
        .isEqualTo(ConnectionErrorCode.REVOKED);
  }

  @Test
  void getAll_ofNothingOrUnknownIds_isEmpty() {
    assertThat(connections.getAll(List.of())).isEmpty();
    assertThat(connections.getAll(List.of(UUID.randomUUID()))).isEmpty();
  }
}
