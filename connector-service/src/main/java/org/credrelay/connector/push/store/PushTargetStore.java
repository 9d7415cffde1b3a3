package org.credrelay.connector.push.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.credrelay.connector.push.PushTarget;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Push targets in {@code connector.push_targets}, one per (recipient, device). The token is opaque:
 * stored and handed to the notifier unchanged, never logged.
 */
@Repository
public class PushTargetStore {

  /** First key of the two-int advisory lock that serializes one recipient's registrations. */
  private static final int LOCK_NAMESPACE = 0x43525054; // "CRPT"

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;

  PushTargetStore(JdbcClient jdbc, DataSource dataSource) {
    this.jdbc = jdbc;
    this.transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
  }

  /** What {@link #register} did. */
  public sealed interface Registration {
    /** Stored; the recipient now has {@code targets} targets. */
    record Stored(int targets) implements Registration {}

    /** Not stored: the device is new and the recipient already has {@code limit} targets. */
    record LimitReached(int limit) implements Registration {}
  }

  /**
   * Stores or replaces the target of a device unless that would give the recipient more than {@code
   * maxTargets}. Registrations of one recipient are serialized by an advisory lock, so two
   * concurrent registrations cannot both pass the count.
   */
  public Registration register(PushTarget target, int maxTargets, Instant now) {
    return transactions.execute(
        status -> {
          jdbc.sql("SELECT pg_advisory_xact_lock(?, hashtext(?))")
              .params(LOCK_NAMESPACE, target.recipientId())
              .query()
              .singleValue();
          int others =
              jdbc.sql(
                      """
                      SELECT count(*) FROM connector.push_targets
                      WHERE recipient_id = ? AND device_id <> ?""")
                  .params(target.recipientId(), target.deviceId())
                  .query(Integer.class)
                  .single();
          if (others >= maxTargets) {
            return new Registration.LimitReached(maxTargets);
          }
          jdbc.sql(
                  """
                  INSERT INTO connector.push_targets
                    (recipient_id, device_id, provider, token, created_at)
                  VALUES (?, ?, ?, ?, ?)
                  ON CONFLICT (recipient_id, device_id) DO UPDATE
                    SET provider = EXCLUDED.provider, token = EXCLUDED.token,
                        created_at = EXCLUDED.created_at""")
              .params(
                  target.recipientId(),
                  target.deviceId(),
                  target.provider().name(),
                  target.token(),
                  now.atOffset(ZoneOffset.UTC))
              .update();
          return new Registration.Stored(others + 1);
        });
  }

  /** Deletes a device's target and its pending wake-up (cascade); false if there was none. */
  public boolean delete(String recipientId, String deviceId) {
    return jdbc.sql("DELETE FROM connector.push_targets WHERE recipient_id = ? AND device_id = ?")
            .params(recipientId, deviceId)
            .update()
        > 0;
  }

  /** Size of a token as the database will store it (ASCII only is accepted, so bytes = chars). */
  public static int tokenBytes(String token) {
    return token.getBytes(StandardCharsets.UTF_8).length;
  }
}
