package org.credrelay.issuergateway.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.credrelay.issuergateway.handshake.store.PostgresJtiStore;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class PostgresJtiStoreTest extends GatewayIntegrationTest {

  @Autowired PostgresJtiStore jtis;

  @Test
  void aJti_isAcceptedOnce_andForgottenAfterExpiry() {
    String jti = UUID.randomUUID().toString();
    var expiresAt = clock.instant().plus(Duration.ofMinutes(5));
    assertThat(jtis.markUsed(jti, expiresAt)).isTrue();
    assertThat(jtis.markUsed(jti, expiresAt)).isFalse();
    jtis.purgeExpired(expiresAt.plusSeconds(1));
    assertThat(jtis.markUsed(jti, expiresAt)).isTrue();
  }
}
