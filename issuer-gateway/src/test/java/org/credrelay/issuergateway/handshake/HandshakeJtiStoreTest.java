package org.credrelay.issuergateway.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.credrelay.issuergateway.handshake.service.JtiPurgeJob;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.credrelay.rpcsigning.SingleUseIdStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.transaction.support.TransactionTemplate;

/** The gateway's handshake jti store (rpc-signing's SingleUseIdStore) and its purge job. */
class HandshakeJtiStoreTest extends GatewayIntegrationTest {

  @Autowired
  @Qualifier("handshakeJtis")
  SingleUseIdStore jtis;

  @Autowired JtiPurgeJob purgeJob;
  @Autowired TransactionTemplate transaction;

  @Test
  void aJti_isAcceptedOnce_andForgottenAfterExpiry() {
    String jti = UUID.randomUUID().toString();
    var expiresAt = clock.instant().plus(Duration.ofMinutes(5));
    assertThat(jtis.markUsed(jti, expiresAt)).isTrue();
    assertThat(jtis.markUsed(jti, expiresAt)).isFalse();
    jtis.purgeExpired(expiresAt.plusSeconds(1));
    assertThat(jtis.markUsed(jti, expiresAt)).isTrue();
  }

  @Test
  void purgeJob_forgetsExpiredJtis_andKeepsLiveOnes() {
    String expired = UUID.randomUUID().toString();
    String live = UUID.randomUUID().toString();
    jtis.markUsed(expired, clock.instant().minusSeconds(1));
    jtis.markUsed(live, clock.instant().plus(Duration.ofMinutes(5)));

    assertThat(purgeJob.purge()).isPositive();

    assertThat(jtis.markUsed(expired, clock.instant().plusSeconds(60))).isTrue();
    assertThat(jtis.markUsed(live, clock.instant().plusSeconds(60))).isFalse();
  }

  @Test
  void aJti_recordedInAHandshakeThatRollsBack_isNotUsedUp() {
    String jti = UUID.randomUUID().toString();
    var expiresAt = clock.instant().plus(Duration.ofMinutes(5));

    transaction.executeWithoutResult(
        status -> {
          assertThat(jtis.markUsed(jti, expiresAt)).isTrue();
          status.setRollbackOnly();
        });

    assertThat(jtis.markUsed(jti, expiresAt)).isTrue();
  }
}
