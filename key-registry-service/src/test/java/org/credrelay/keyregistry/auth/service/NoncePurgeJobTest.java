package org.credrelay.keyregistry.auth.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.credrelay.keyregistry.support.RegistryIntegrationTest;
import org.credrelay.rpcsigning.SingleUseIdStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Expired nonces are purged by the scheduled job; live ones stay (driven by the clock, no waiting).
 */
class NoncePurgeJobTest extends RegistryIntegrationTest {

  @Autowired private NoncePurgeJob job;

  @Autowired private SingleUseIdStore nonces;

  @Test
  void purge_deletesOnlyNoncesWhoseWindowHasPassed() {
    String expiring = UUID.randomUUID().toString();
    String live = UUID.randomUUID().toString();
    nonces.markUsed("kid", expiring, clock.instant().plus(Duration.ofMinutes(2)));
    nonces.markUsed("kid", live, clock.instant().plus(Duration.ofHours(2)));

    clock.advance(Duration.ofMinutes(3));
    int purged = job.purge();

    assertThat(purged).isGreaterThanOrEqualTo(1);
    assertThat(stored(expiring)).isFalse();
    assertThat(stored(live)).isTrue();
  }

  private boolean stored(String nonce) {
    return jdbc.sql("SELECT count(*) FROM key_registry.request_nonces WHERE nonce = ?")
            .param("kid " + nonce)
            .query(Long.class)
            .single()
        == 1;
  }
}
