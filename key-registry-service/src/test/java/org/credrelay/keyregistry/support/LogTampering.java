package org.credrelay.keyregistry.support;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.UnaryOperator;
import org.credrelay.keyhistory.KeyEvent;
import org.credrelay.keyhistory.KeyEventHashing;
import org.credrelay.keyhistory.KeyOwner;
import org.credrelay.keyregistry.history.store.AppendOnlyKeyEventLog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Plays an attacker who controls the registry's database: rewrites key events directly, bypassing
 * the append-only trigger (as a superuser can), optionally re-computing the hash chain.
 */
public final class LogTampering {

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;
  private final AppendOnlyKeyEventLog log;

  public LogTampering(JdbcClient jdbc, TransactionTemplate transaction, AppendOnlyKeyEventLog log) {
    this.jdbc = jdbc;
    this.transaction = transaction;
    this.log = log;
  }

  /** Changes one column of one event and leaves every hash as it was. */
  public void setColumn(KeyOwner owner, long sequence, String column, String value) {
    transaction.executeWithoutResult(
        status -> {
          bypassTrigger();
          jdbc.sql(
                  "UPDATE key_registry.key_events SET "
                      + column
                      + " = ? WHERE owner_id = ? AND sequence = ?")
              .param(value)
              .param(owner.id())
              .param(sequence)
              .update();
        });
  }

  /**
   * Replaces event {@code sequence} by {@code change(event)} and re-chains every later event, so
   * the log is internally consistent again, and moves the head: what a careful attacker does.
   */
  public void rewrite(KeyOwner owner, long sequence, UnaryOperator<KeyEvent> change) {
    transaction.executeWithoutResult(
        status -> {
          bypassTrigger();
          List<KeyEvent> events = log.read(owner, 1, 10_000);
          String previousHash = sequence == 1 ? "" : events.get((int) sequence - 2).eventHash();
          for (KeyEvent original : events.subList((int) sequence - 1, events.size())) {
            KeyEvent changed = original.sequence() == sequence ? change.apply(original) : original;
            KeyEvent chained =
                new KeyEvent(
                    changed.owner(),
                    changed.sequence(),
                    changed.type(),
                    changed.keyId(),
                    changed.usage(),
                    changed.publicJwk(),
                    changed.replacedKeyId(),
                    changed.replacedKeyRevokedAt(),
                    changed.occurredAt(),
                    previousHash,
                    "",
                    changed.authorization());
            String hash = KeyEventHashing.hash(chained);
            jdbc.sql(
                    "UPDATE key_registry.key_events SET key_id = ?, public_jwk = ?, occurred_at = ?, previous_hash = ?,"
                        + " event_hash = ? WHERE owner_id = ? AND sequence = ?")
                .param(chained.keyId())
                .param(chained.publicJwk())
                .param(OffsetDateTime.ofInstant(chained.occurredAt(), ZoneOffset.UTC))
                .param(previousHash)
                .param(hash)
                .param(owner.id())
                .param(chained.sequence())
                .update();
            previousHash = hash;
          }
          jdbc.sql("UPDATE key_registry.key_owners SET head_hash = ? WHERE owner_id = ?")
              .param(previousHash)
              .param(owner.id())
              .update();
        });
  }

  private void bypassTrigger() {
    jdbc.sql("SET LOCAL session_replication_role = replica").update();
  }
}
