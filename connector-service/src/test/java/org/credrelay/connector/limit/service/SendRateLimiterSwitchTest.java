package org.credrelay.connector.limit.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.credrelay.connector.caller.Caller;
import org.credrelay.connector.error.ConnectorException;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.limit.MessageLimitsProperties;
import org.credrelay.connector.limit.store.RateLimitBucketStore;
import org.credrelay.connector.support.ConnectorIntegrationTest;
import org.credrelay.rpcsigning.DeferredNonce;
import org.credrelay.rpcsigning.SingleUseIdStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code connector.messages.limits.rate-limits-enabled}: off, sends beyond the rate are let through
 * and no bucket row is written; on (the default), the same sends are refused. Real buckets in
 * PostgreSQL; the limiter is built here with a burst of 2 so that the shared context's generous
 * limits do not matter.
 */
class SendRateLimiterSwitchTest extends ConnectorIntegrationTest {

  @Autowired RateLimitBucketStore buckets;
  @Autowired SingleUseIdStore nonces;
  @Autowired MessageLimitsProperties configured;
  @Autowired JdbcClient jdbc;

  @Test
  void rateLimitsDisabled_sendsBeyondTheRateAreAccepted_andNoBucketRowIsWritten() {
    SendRateLimiter limiter = limiter(false);
    Caller holder = new Caller.Holder("holder-" + UUID.randomUUID());
    UUID connection = UUID.randomUUID();

    for (int i = 0; i < 5; i++) {
      limiter.take(holder, Map.of(connection, 2));
    }

    assertThat(bucketRows(holder, connection)).isZero();
  }

  @Test
  void rateLimitsEnabled_theSameSendsAreRefused_afterTheBurst() {
    SendRateLimiter limiter = limiter(true);
    Caller holder = new Caller.Holder("holder-" + UUID.randomUUID());
    UUID connection = UUID.randomUUID();

    limiter.take(holder, Map.of(connection, 2));

    assertThatThrownBy(() -> limiter.take(holder, Map.of(connection, 2)))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            refused -> assertThat(refused.reason()).isEqualTo(ErrorReason.RATE_LIMITED));
    assertThat(bucketRows(holder, connection)).isEqualTo(2);
  }

  @Test
  void rateLimitsDisabled_theRequestNonceIsStillRecorded_andAReplayIsRefused() {
    SendRateLimiter limiter = limiter(false);
    Caller holder = new Caller.Holder("holder-" + UUID.randomUUID());
    UUID connection = UUID.randomUUID();
    DeferredNonce nonce = nonce(holder);

    limiter.take(holder, Map.of(connection, 1), nonce);

    assertThat(nonce.isRecorded()).isTrue();
    assertThat(nonceRows(nonce)).isEqualTo(1);
    assertThatThrownBy(() -> limiter.take(holder, Map.of(connection, 1), nonce(holder, nonce)))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            refused -> assertThat(refused.reason()).isEqualTo(ErrorReason.REPLAYED_NONCE));
    assertThat(bucketRows(holder, connection)).isZero();
  }

  @Test
  void rateLimitsEnabled_theNonceIsRecordedWithTheFirstTake_andAReplayTakesNoToken() {
    SendRateLimiter limiter = limiter(true);
    Caller holder = new Caller.Holder("holder-" + UUID.randomUUID());
    UUID connection = UUID.randomUUID();
    DeferredNonce nonce = nonce(holder);

    limiter.take(holder, Map.of(connection, 1), nonce);
    assertThatThrownBy(() -> limiter.take(holder, Map.of(connection, 1), nonce(holder, nonce)))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            refused -> assertThat(refused.reason()).isEqualTo(ErrorReason.REPLAYED_NONCE));

    assertThat(nonce.isRecorded()).isTrue();
    assertThat(nonceRows(nonce)).isEqualTo(1);
    // burst 2: the replay took nothing, so one more send still fits, then the bucket is empty
    limiter.take(holder, Map.of(connection, 1));
    assertThatThrownBy(() -> limiter.take(holder, Map.of(connection, 1)))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            refused -> assertThat(refused.reason()).isEqualTo(ErrorReason.RATE_LIMITED));
  }

  private DeferredNonce nonce(Caller holder) {
    return new DeferredNonce(
        holder.keyId(), "nonce-" + UUID.randomUUID(), clock.instant().plusSeconds(300));
  }

  /** The same nonce again, as a replayed request carries it. */
  private static DeferredNonce nonce(Caller holder, DeferredNonce used) {
    String id = used.storedId();
    return new DeferredNonce(holder.keyId(), id.substring(id.indexOf(' ') + 1), used.expiresAt());
  }

  private long nonceRows(DeferredNonce nonce) {
    return jdbc.sql("SELECT count(*) FROM connector.request_nonces WHERE nonce = :id")
        .param("id", nonce.storedId())
        .query(Long.class)
        .single();
  }

  private SendRateLimiter limiter(boolean enabled) {
    MessageLimitsProperties limits =
        new MessageLimitsProperties(
            configured.queue(),
            configured.messageSize(),
            new MessageLimitsProperties.SenderRate(2, 1, Duration.ofHours(1)),
            new MessageLimitsProperties.HolderConnectionRate(2, 1, Duration.ofHours(1)),
            configured.streamsPerParticipant(),
            configured.bucketPurgeInterval(),
            configured.gauges(),
            enabled);
    return new SendRateLimiter(buckets, nonces, limits, new SimpleMeterRegistry());
  }

  private long bucketRows(Caller holder, UUID connection) {
    return jdbc.sql(
            "SELECT count(*) FROM connector.rate_limit_buckets WHERE id IN (:sender, :connection)")
        .param("sender", "sender:" + holder.id())
        .param("connection", "connection:" + connection)
        .query(Long.class)
        .single();
  }
}
