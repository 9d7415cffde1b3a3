package org.credrelay.e2etests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.credrelay.keyhistory.EventAuthorization;
import org.credrelay.keyhistory.KeyEvent;
import org.credrelay.keyhistory.KeyEventHashing;
import org.credrelay.keyhistory.KeyEventType;
import org.credrelay.keyhistory.KeyOwner;
import org.credrelay.keyhistory.KeyUsage;
import org.credrelay.keyhistory.OwnerType;

/**
 * The key registry's provider rewriting its own PostgreSQL (threat model S8): it has the privilege
 * to bypass the append-only trigger of {@code key_events} ({@code session_replication_role}), so it
 * can delete or change events, move an owner's head and un-revoke keys. It has no private key of
 * any owner, so it cannot sign new events; every edit here is one the registry itself could serve.
 */
final class KeyRegistryDatabaseAttacker {

  private final SharedSuite env;

  KeyRegistryDatabaseAttacker(SharedSuite env) {
    this.env = env;
  }

  /** The sequence number of the owner's latest event, as the registry serves it (its head). */
  long headSequence(String owner) throws SQLException {
    try (Connection db = env.database();
        PreparedStatement select =
            db.prepareStatement(
                "SELECT head_sequence FROM key_registry.key_owners WHERE owner_id = ?")) {
      select.setString(1, owner);
      try (ResultSet rows = select.executeQuery()) {
        assertThat(rows.next()).as("key owner " + owner).isTrue();
        return rows.getLong(1);
      }
    }
  }

  /** The type of the owner's event {@code sequence}: ADDED, ROTATED or REVOKED. */
  String eventType(String owner, long sequence) throws SQLException {
    try (Connection db = env.database();
        PreparedStatement select =
            db.prepareStatement(
                "SELECT event_type FROM key_registry.key_events"
                    + " WHERE owner_id = ? AND sequence = ?")) {
      select.setString(1, owner);
      select.setLong(2, sequence);
      try (ResultSet rows = select.executeQuery()) {
        assertThat(rows.next()).as("event " + sequence + " of " + owner).isTrue();
        return rows.getString(1);
      }
    }
  }

  /** Deletes the owner's event {@code sequence} (the trigger bypassed), keeping the head row. */
  void deleteEvent(String owner, long sequence) throws SQLException {
    try (Connection db = privileged()) {
      try (PreparedStatement delete =
          db.prepareStatement(
              "DELETE FROM key_registry.key_events WHERE owner_id = ? AND sequence = ?")) {
        delete.setString(1, owner);
        delete.setLong(2, sequence);
        assertThat(delete.executeUpdate()).as("deleted events").isEqualTo(1);
      }
      db.commit();
    }
  }

  /**
   * Moves the owner's head back to its event {@code sequence}: the registry serves the log only up
   * to its head, so every later event disappears from what clients read.
   */
  void resetHead(String owner, long sequence) throws SQLException {
    try (Connection db = env.database();
        PreparedStatement update =
            db.prepareStatement(
                """
            UPDATE key_registry.key_owners o SET head_sequence = e.sequence,
                   head_hash = e.event_hash
            FROM key_registry.key_events e
            WHERE o.owner_id = ? AND e.owner_id = o.owner_id AND e.sequence = ?""")) {
      update.setString(1, owner);
      update.setLong(2, sequence);
      assertThat(update.executeUpdate()).as("moved heads").isEqualTo(1);
    }
  }

  /** Sets a key's revocation instant in the key table (null: ACTIVE for good). */
  void setRevokedAt(String keyId, Instant revokedAt) throws SQLException {
    try (Connection db = env.database();
        PreparedStatement update =
            db.prepareStatement("UPDATE key_registry.keys SET revoked_at = ? WHERE key_id = ?")) {
      update.setTimestamp(1, revokedAt == null ? null : Timestamp.from(revokedAt));
      update.setString(2, keyId);
      assertThat(update.executeUpdate()).as("updated keys").isEqualTo(1);
    }
  }

  /**
   * Changes when the key replaced by the owner's ROTATED event {@code sequence} (its head: delete
   * and reset what follows first) becomes REVOKED, recomputes that event's hash from its canonical
   * bytes and points the head at it: a log that is internally consistent again, in which the
   * revoked key is ACTIVE. The signed rotation request does not name that instant (the registry
   * derives it from its grace period), so only a client that remembers the head it saw can tell.
   *
   * @return the key the event replaced (now ACTIVE until {@code revokedAt})
   */
  String rewriteRotationRevocation(String owner, long sequence, Instant revokedAt)
      throws SQLException {
    // Whole milliseconds, as the registry writes them (clients refuse anything finer).
    revokedAt = revokedAt.truncatedTo(ChronoUnit.MILLIS);
    try (Connection db = privileged()) {
      KeyEvent original = readEvent(db, owner, sequence);
      assertThat(original.type()).isEqualTo(KeyEventType.ROTATED);
      KeyEvent rewritten =
          new KeyEvent(
              original.owner(),
              original.sequence(),
              original.type(),
              original.keyId(),
              original.usage(),
              original.publicJwk(),
              original.replacedKeyId(),
              revokedAt,
              original.occurredAt(),
              original.previousHash(),
              "",
              original.authorization());
      String hash = KeyEventHashing.hash(rewritten);
      try (PreparedStatement update =
          db.prepareStatement(
              "UPDATE key_registry.key_events SET replaced_key_revoked_at = ?, event_hash = ?"
                  + " WHERE owner_id = ? AND sequence = ?")) {
        update.setTimestamp(1, Timestamp.from(revokedAt));
        update.setString(2, hash);
        update.setString(3, owner);
        update.setLong(4, sequence);
        assertThat(update.executeUpdate()).isEqualTo(1);
      }
      try (PreparedStatement head =
          db.prepareStatement(
              "UPDATE key_registry.key_owners SET head_hash = ?"
                  + " WHERE owner_id = ? AND head_sequence = ?")) {
        head.setString(1, hash);
        head.setString(2, owner);
        head.setLong(3, sequence);
        assertThat(head.executeUpdate()).as("the rewritten event is the head").isEqualTo(1);
      }
      try (PreparedStatement key =
          db.prepareStatement("UPDATE key_registry.keys SET revoked_at = ? WHERE key_id = ?")) {
        key.setTimestamp(1, Timestamp.from(revokedAt));
        key.setString(2, original.replacedKeyId());
        assertThat(key.executeUpdate()).isEqualTo(1);
      }
      db.commit();
      return original.replacedKeyId();
    }
  }

  /**
   * Revokes a key through the registry's operator REST API ({@code POST
   * /api/v1/operator/keys/{kid}/revocation}): an honest REVOKED event, signed by no one, that
   * clients accept as the operator's.
   */
  void operatorRevoke(String keyId) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + env.suite.registryHttpPort()
                        + "/api/v1/operator/keys/"
                        + keyId
                        + "/revocation"))
            .header("Authorization", "Bearer " + env.registryOperatorToken)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"e2e: key reported stolen\"}"))
            .build();
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  /** A connection in which user triggers do not fire (what a superuser can do). */
  private Connection privileged() throws SQLException {
    Connection db = env.database();
    db.setAutoCommit(false);
    try (var statement = db.createStatement()) {
      statement.execute("SET LOCAL session_replication_role = replica");
    }
    return db;
  }

  private static KeyEvent readEvent(Connection db, String owner, long sequence)
      throws SQLException {
    try (PreparedStatement select =
        db.prepareStatement(
            """
            SELECT o.owner_type, e.event_type, e.key_id, e.usage, e.public_jwk, e.replaced_key_id,
                   e.replaced_key_revoked_at, e.occurred_at, e.previous_hash, e.event_hash,
                   e.signer_key_id, e.signed_method, e.signed_nonce, e.signed_at_millis,
                   e.signed_payload, e.signature
            FROM key_registry.key_events e
            JOIN key_registry.key_owners o ON o.owner_id = e.owner_id
            WHERE e.owner_id = ? AND e.sequence = ?""")) {
      select.setString(1, owner);
      select.setLong(2, sequence);
      try (ResultSet rows = select.executeQuery()) {
        assertThat(rows.next()).isTrue();
        Timestamp replacedRevokedAt = rows.getTimestamp(7);
        return new KeyEvent(
            new KeyOwner(OwnerType.valueOf(rows.getString(1)), owner),
            sequence,
            KeyEventType.valueOf(rows.getString(2)),
            rows.getString(3),
            KeyUsage.valueOf(rows.getString(4)),
            rows.getString(5),
            rows.getString(6),
            replacedRevokedAt == null ? null : replacedRevokedAt.toInstant(),
            rows.getTimestamp(8).toInstant(),
            rows.getString(9),
            rows.getString(10),
            new EventAuthorization(
                rows.getString(11),
                rows.getString(12),
                rows.getString(13),
                rows.getLong(14),
                rows.getBytes(15),
                rows.getBytes(16)));
      }
    }
  }
}
