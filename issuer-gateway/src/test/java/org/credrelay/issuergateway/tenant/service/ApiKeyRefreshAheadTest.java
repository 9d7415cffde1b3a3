package org.credrelay.issuergateway.tenant.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Decision 0062-gwaccept2: a key in use is read again in the background once its entry is half of
 * {@code gateway.api-keys.cache-ttl} (5 s) old, so authenticating it needs no pooled connection
 * even when a burst holds all of them; and a revocation made on another replica (only the database
 * changes) is refused within the bound. Against real PostgreSQL; the pool is really exhausted.
 */
class ApiKeyRefreshAheadTest extends GatewayIntegrationTest {

  @Autowired ApiKeyManager apiKeys;
  @Autowired DataSource dataSource;

  @Test
  void keyInUse_isAuthenticatedWithoutAConnection_whileThePoolIsExhausted() throws Exception {
    TestTenant tenant = createTenant("Pool Co " + UUID.randomUUID());
    Instant read = freshRead(tenant.apiKey());
    clock.advance(Duration.ofSeconds(3));
    assertThat(apiKeys.authenticate(tenant.apiKey())).isPresent();
    Instant refreshedAt = clock.instant();
    await()
        .atMost(WAIT)
        .until(() -> refreshedAt.equals(apiKeys.verifiedAt(tenant.apiKey()).orElse(read)));

    clock.advance(Duration.ofSeconds(3)); // 6 s after the first read, 3 s after the refresh
    List<Connection> held = exhaustPool();
    try {
      assertThat(apiKeys.authenticate(tenant.apiKey()))
          .hasValueSatisfying(key -> assertThat(key.tenantId()).isEqualTo(tenant.id()));
    } finally {
      for (Connection connection : held) {
        connection.close();
      }
    }
  }

  @Test
  void keyRevokedByAnotherReplica_isRefusedWithinTheBound_whileInUse() throws Exception {
    TestTenant tenant = createTenant("Revoked Co " + UUID.randomUUID());
    freshRead(tenant.apiKey());
    jdbc.sql("UPDATE api_keys SET revoked_at = now() WHERE tenant_id = ?")
        .param(tenant.id())
        .update();
    clock.advance(Duration.ofSeconds(3));
    // Served from the entry (still within the bound), and its refresh finds the revocation.
    assertThat(apiKeys.authenticate(tenant.apiKey())).isPresent();
    // The test clock stands still at 3 s: refused before the 5 s bound, once the refresh ran.
    await().atMost(WAIT).until(() -> apiKeys.authenticate(tenant.apiKey()).isEmpty());
  }

  /** Lets any entry of the key expire, then authenticates it: a read at the returned instant. */
  private Instant freshRead(String apiKey) {
    clock.advance(Duration.ofSeconds(6));
    assertThat(apiKeys.authenticate(apiKey)).isPresent();
    Instant read = clock.instant();
    assertThat(apiKeys.verifiedAt(apiKey)).contains(read);
    return read;
  }

  /** Takes every connection the pool will give (the last attempt waits the pool's timeout). */
  private List<Connection> exhaustPool() {
    List<Connection> held = new ArrayList<>();
    while (true) {
      try {
        held.add(dataSource.getConnection());
      } catch (SQLException exhausted) {
        return held;
      }
    }
  }
}
