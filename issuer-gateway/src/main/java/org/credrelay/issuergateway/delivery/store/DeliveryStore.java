package org.credrelay.issuergateway.delivery.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.credrelay.db.Timestamps;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.issuergateway.delivery.ClaimedDelivery;
import org.credrelay.issuergateway.delivery.Delivery;
import org.credrelay.issuergateway.delivery.DeliveryFailureCode;
import org.credrelay.issuergateway.delivery.DeliveryFilter;
import org.credrelay.issuergateway.delivery.DeliveryKind;
import org.credrelay.issuergateway.delivery.DeliveryStatus;
import org.credrelay.issuergateway.delivery.ExpiredDelivery;
import org.credrelay.issuergateway.delivery.NewCredentialDelivery;
import org.credrelay.issuergateway.delivery.ResendSource;
import org.credrelay.issuergateway.keyset.KeysetCursor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The transactional outbox ({@code issuer_gateway.deliveries}). Inserts join the caller's
 * transaction, so a delivery id returned with 202 is committed with it. Workers claim due rows with
 * {@code FOR UPDATE SKIP LOCKED} and a lease, so concurrent workers (threads or replicas) never
 * hold the same row; every later update is guarded by the lease owner. Only {@code
 * DeliveryStateMachine} changes rows. Credential documents arrive here already encrypted with the
 * key-encryption key and leave encrypted: this store never sees plaintext and holds no key.
 */
@Component
public class DeliveryStore {

  private static final String COLUMNS =
      "id, tenant_id, connection_id, kind, credential_id, "
          + "idempotency_key, item_index, request_hash, status, failure_reason, attempts, "
          + "next_attempt_at, connector_message_id, recipient_key_id, created_at, sent_at, "
          + "finished_at, payload_erased_at, failure_code, deadline_at, resend_of, delivered_at";
  private static final int MAX_REASON = 500;
  // Bounded by gateway.api.max-batch-items (at most 1,000 sizes).
  private static final Map<Integer, String> INSERT_CREDENTIALS = new ConcurrentHashMap<>();

  private final JdbcClient jdbc;

  DeliveryStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Inserts an accepted credential, due at once, with its document as {@code encryptedDocument}
   * (the plaintext in {@code delivery} is never written), EXPIRED if not sent by {@code
   * deadlineAt}. Joins the caller's transaction.
   */
  public void insertCredential(
      NewCredentialDelivery delivery, byte[] encryptedDocument, Instant deadlineAt) {
    jdbc.sql(
            """
        INSERT INTO issuer_gateway.deliveries (id, tenant_id, connection_id, kind, credential_id, idempotency_key,
            item_index, request_hash, status, payload_ciphertext, next_attempt_at, created_at,
            updated_at, deadline_at, resend_of)
        VALUES (:id, :tenant, :connection, 'CREDENTIAL', :credential, :key, :index, :hash, :status,
            :payload, :now, :now, :now, :deadline, :resendOf)
        """)
        .param("deadline", ts(deadlineAt))
        .param("resendOf", delivery.resendOf())
        .param("id", delivery.id())
        .param("tenant", delivery.tenantId())
        .param("connection", delivery.connectionId())
        .param("credential", delivery.credentialId())
        .param("key", delivery.idempotencyKey())
        .param("index", delivery.itemIndex())
        .param("hash", delivery.requestHash())
        .param("status", delivery.status().name())
        .param("payload", encryptedDocument)
        .param("now", ts(delivery.createdAt()))
        .update();
  }

  /**
   * Inserts the accepted credentials of one request like {@link #insertCredential}, in one
   * multi-row statement (one round trip and one plan for the whole batch). Joins the caller's
   * transaction: all rows are written or none.
   *
   * @param encryptedDocuments the documents, encrypted, in the order of {@code deliveries}
   * @param deadlinesAt the deadlines, in the order of {@code deliveries}
   */
  public void insertCredentials(
      List<NewCredentialDelivery> deliveries,
      List<byte[]> encryptedDocuments,
      List<Instant> deadlinesAt) {
    Map<String, Object> params = new HashMap<>();
    for (int i = 0; i < deliveries.size(); i++) {
      NewCredentialDelivery delivery = deliveries.get(i);
      params.put("id" + i, delivery.id());
      params.put("tenant" + i, delivery.tenantId());
      params.put("connection" + i, delivery.connectionId());
      params.put("credential" + i, delivery.credentialId());
      params.put("key" + i, delivery.idempotencyKey());
      params.put("index" + i, delivery.itemIndex());
      params.put("hash" + i, delivery.requestHash());
      params.put("status" + i, delivery.status().name());
      params.put("payload" + i, encryptedDocuments.get(i));
      params.put("now" + i, ts(delivery.createdAt()));
      params.put("deadline" + i, ts(deadlinesAt.get(i)));
      params.put("resendOf" + i, delivery.resendOf());
    }
    jdbc.sql(
            INSERT_CREDENTIALS.computeIfAbsent(deliveries.size(), DeliveryStore::insertCredentials))
        .params(params)
        .update();
  }

  /** The multi-row insert of {@code rows} credentials (one text per batch size, built once). */
  private static String insertCredentials(int rows) {
    StringBuilder sql =
        new StringBuilder(
            """
        INSERT INTO issuer_gateway.deliveries (id, tenant_id, connection_id, kind, credential_id, idempotency_key,
            item_index, request_hash, status, payload_ciphertext, next_attempt_at, created_at,
            updated_at, deadline_at, resend_of)
        VALUES
        """);
    for (int i = 0; i < rows; i++) {
      sql.append(i == 0 ? "" : ",\n")
          .append(
              ("(:id%1$d, :tenant%1$d, :connection%1$d, 'CREDENTIAL', :credential%1$d, :key%1$d,"
                      + " :index%1$d, :hash%1$d, :status%1$d, :payload%1$d, :now%1$d, :now%1$d,"
                      + " :now%1$d, :deadline%1$d, :resendOf%1$d)")
                  .formatted(i));
    }
    return sql.toString();
  }

  /**
   * Queues a handshake message of the issuer (already final bytes: the MACed reply JWT with public
   * keys, or a refusal with a reason code); {@code kind} is HANDSHAKE_REPLY or HANDSHAKE_REFUSAL.
   */
  public void insertHandshakeMessage(
      UUID id, UUID tenantId, UUID connectionId, DeliveryKind kind, byte[] message, Instant now) {
    if (kind == DeliveryKind.CREDENTIAL) {
      throw new IllegalArgumentException("a credential is not a handshake message");
    }
    jdbc.sql(
            """
        INSERT INTO issuer_gateway.deliveries (id, tenant_id, connection_id, kind, status, message,
            next_attempt_at, created_at, updated_at)
        VALUES (:id, :tenant, :connection, :kind, 'ACCEPTED', :message, :now, :now, :now)
        """)
        .param("id", id)
        .param("kind", kind.name())
        .param("tenant", tenantId)
        .param("connection", connectionId)
        .param("message", message)
        .param("now", ts(now))
        .update();
  }

  /**
   * Queues a key rotation announcement (final bytes: an authcrypt envelope to {@code
   * recipientKeyId} naming the new issuer key {@code announcedKeyId} of {@code announcedUsage}).
   * Joins the caller's transaction.
   */
  public void insertKeyRotation(
      UUID id,
      UUID tenantId,
      UUID connectionId,
      byte[] message,
      String recipientKeyId,
      KeyUse announcedUsage,
      String announcedKeyId,
      Instant now) {
    jdbc.sql(
            """
        INSERT INTO issuer_gateway.deliveries (id, tenant_id, connection_id, kind, status, message,
            recipient_key_id, announced_key_usage, announced_key_id, next_attempt_at, created_at,
            updated_at)
        VALUES (:id, :tenant, :connection, 'KEY_ROTATION', 'ACCEPTED', :message, :recipient,
            :usage, :announced, :now, :now, :now)
        """)
        .param("id", id)
        .param("tenant", tenantId)
        .param("connection", connectionId)
        .param("message", message)
        .param("recipient", recipientKeyId)
        .param("usage", announcedUsage.name())
        .param("announced", announcedKeyId)
        .param("now", ts(now))
        .update();
  }

  /**
   * Queues the revocation notice of credential {@code credentialId}, due at once, with its inner
   * message as {@code encryptedContent} (sealed to the pinned holder key when first sent, like a
   * credential). Joins the caller's transaction.
   */
  public void insertRevocationNotice(
      UUID id,
      UUID tenantId,
      UUID connectionId,
      UUID credentialId,
      byte[] encryptedContent,
      Instant now) {
    jdbc.sql(
            """
        INSERT INTO issuer_gateway.deliveries (id, tenant_id, connection_id, kind, credential_id, status,
            payload_ciphertext, next_attempt_at, created_at, updated_at)
        VALUES (:id, :tenant, :connection, 'CREDENTIAL_REVOCATION', :credential, 'ACCEPTED',
            :payload, :now, :now, :now)
        """)
        .param("id", id)
        .param("tenant", tenantId)
        .param("connection", connectionId)
        .param("credential", credentialId)
        .param("payload", encryptedContent)
        .param("now", ts(now))
        .update();
  }

  /**
   * The delivery of a tenant's credential by credential id: the SENT or DELIVERED one if there is
   * one (a resent credential keeps its id), else the newest.
   */
  public Optional<Delivery> findCredential(UUID tenantId, UUID credentialId) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM issuer_gateway.deliveries WHERE tenant_id = :tenant"
                + " AND credential_id = :credential AND kind = 'CREDENTIAL'"
                + " ORDER BY (status IN ('SENT', 'DELIVERED')) DESC, created_at DESC, id DESC LIMIT 1")
        .param("tenant", tenantId)
        .param("credential", credentialId)
        .query(DeliveryStore::delivery)
        .optional();
  }

  /** A delivery of the given kind of a tenant (the REST listing shows credentials only). */
  public Optional<Delivery> find(UUID tenantId, UUID id, DeliveryKind kind) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM issuer_gateway.deliveries WHERE id = :id AND tenant_id = :tenant"
                + " AND kind = :kind")
        .param("id", id)
        .param("tenant", tenantId)
        .param("kind", kind.name())
        .query(DeliveryStore::delivery)
        .optional();
  }

  /**
   * True while a key rotation announcement of the connection queued before {@code before} (null:
   * any) is not SENT: what is sealed with a newer key must not overtake it.
   */
  public boolean keyRotationUnsent(UUID connectionId, Instant before) {
    return jdbc.sql(
                "SELECT count(*) FROM issuer_gateway.deliveries WHERE connection_id = :connection"
                    + " AND kind = 'KEY_ROTATION' AND status IN ('ACCEPTED', 'WAITING_FOR_HANDSHAKE')"
                    + (before == null ? "" : " AND created_at < :before"))
            .param("connection", connectionId)
            .params(before == null ? Map.of() : Map.of("before", ts(before)))
            .query(Long.class)
            .single()
        > 0;
  }

  /**
   * The new issuer key a KEY_ROTATION delivery announces.
   *
   * @param usage what the key is for
   * @param kid the key's id
   */
  public record AnnouncedKey(KeyUse usage, String kid) {}

  /** The new issuer key a KEY_ROTATION delivery announces; empty for other kinds. */
  public Optional<AnnouncedKey> announcedKey(UUID id) {
    return jdbc.sql(
            "SELECT announced_key_usage, announced_key_id FROM issuer_gateway.deliveries"
                + " WHERE id = :id AND announced_key_id IS NOT NULL")
        .param("id", id)
        .query(
            (rs, row) ->
                new AnnouncedKey(
                    "AUTHENTICATION".equals(rs.getString(1))
                        ? KeyUse.AUTHENTICATION
                        : KeyUse.COMMUNICATION,
                    rs.getString(2)))
        .optional();
  }

  public Optional<Delivery> find(UUID tenantId, UUID id) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM issuer_gateway.deliveries WHERE id = :id AND tenant_id = :tenant"
                + " AND kind = 'CREDENTIAL'")
        .param("id", id)
        .param("tenant", tenantId)
        .query(DeliveryStore::delivery)
        .optional();
  }

  /** The deliveries of one issuing request, in request order. */
  public List<Delivery> byIdempotencyKey(UUID tenantId, String idempotencyKey) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM issuer_gateway.deliveries WHERE tenant_id = :tenant"
                + " AND idempotency_key = :key ORDER BY item_index")
        .param("tenant", tenantId)
        .param("key", idempotencyKey)
        .query(DeliveryStore::delivery)
        .list();
  }

  /** One keyset page of a tenant's credential deliveries in (created_at, id) order. */
  public List<Delivery> page(UUID tenantId, DeliveryFilter filter, KeysetCursor after, int limit) {
    Map<String, Object> params = new HashMap<>();
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS + " FROM issuer_gateway.deliveries WHERE ")
            .append(where(tenantId, filter, params));
    if (after != null) {
      sql.append(" AND (created_at, id) > (:afterCreated, :afterId)");
      params.put("afterCreated", ts(after.createdAt()));
      params.put("afterId", after.id());
    }
    sql.append(" ORDER BY created_at, id LIMIT :limit");
    params.put("limit", limit);
    return jdbc.sql(sql.toString()).params(params).query(DeliveryStore::delivery).list();
  }

  /** How many of a tenant's credential deliveries match {@code filter}, per status. */
  public Map<DeliveryStatus, Long> countByStatus(UUID tenantId, DeliveryFilter filter) {
    Map<String, Object> params = new HashMap<>();
    String sql =
        "SELECT status, count(*) AS n FROM issuer_gateway.deliveries WHERE "
            + where(tenantId, filter, params)
            + " GROUP BY status";
    Map<DeliveryStatus, Long> counts = new EnumMap<>(DeliveryStatus.class);
    for (DeliveryStatus status : DeliveryStatus.values()) {
      counts.put(status, 0L);
    }
    jdbc.sql(sql)
        .params(params)
        .query(
            rs -> {
              counts.put(DeliveryStatus.valueOf(rs.getString("status")), rs.getLong("n"));
            });
    return counts;
  }

  /**
   * The FAILED or EXPIRED credential deliveries matching {@code filter} that can still be resent
   * (content held, not re-issued yet), oldest first, at most {@code limit}.
   */
  public List<UUID> resendable(UUID tenantId, DeliveryFilter filter, int limit) {
    Map<String, Object> params = new HashMap<>();
    params.put("limit", limit);
    return jdbc.sql(
            "SELECT id FROM issuer_gateway.deliveries WHERE "
                + where(tenantId, filter, params)
                + " AND status IN ('FAILED', 'EXPIRED') AND payload_ciphertext IS NOT NULL"
                + " ORDER BY created_at, id LIMIT :limit")
        .params(params)
        .query((rs, row) -> rs.getObject(1, UUID.class))
        .list();
  }

  /** How many deliveries {@link #resendable} would find without a limit. */
  public long countResendable(UUID tenantId, DeliveryFilter filter) {
    Map<String, Object> params = new HashMap<>();
    return jdbc.sql(
            "SELECT count(*) FROM issuer_gateway.deliveries WHERE "
                + where(tenantId, filter, params)
                + " AND status IN ('FAILED', 'EXPIRED') AND payload_ciphertext IS NOT NULL")
        .params(params)
        .query(Long.class)
        .single();
  }

  /**
   * Locks a finished credential delivery of the tenant for re-issuing (until the caller's
   * transaction ends), so two resends of it are serialized.
   */
  public Optional<ResendSource> lockForResend(UUID tenantId, UUID id) {
    return jdbc.sql(
            """
        SELECT d.id, d.connection_id, d.credential_id, d.status, d.payload_ciphertext,
            (SELECT r.id FROM issuer_gateway.deliveries r WHERE r.resend_of = d.id) AS resent_as
        FROM issuer_gateway.deliveries d
        WHERE d.id = :id AND d.tenant_id = :tenant AND d.kind = 'CREDENTIAL'
        FOR UPDATE
        """)
        .param("id", id)
        .param("tenant", tenantId)
        .query(
            (rs, row) ->
                new ResendSource(
                    rs.getObject("id", UUID.class),
                    rs.getObject("connection_id", UUID.class),
                    rs.getObject("credential_id", UUID.class),
                    DeliveryStatus.valueOf(rs.getString("status")),
                    rs.getBytes("payload_ciphertext"),
                    rs.getObject("resent_as", UUID.class)))
        .optional();
  }

  /** Erases the content of one finished delivery now (it was handed to its resend). */
  public void erasePayload(UUID id, Instant now) {
    jdbc.sql(
            """
        UPDATE issuer_gateway.deliveries SET payload_ciphertext = NULL, message = NULL,
            payload_erased_at = :now, updated_at = :now
        WHERE id = :id AND payload_erased_at IS NULL
        """)
        .param("id", id)
        .param("now", ts(now))
        .update();
  }

  /**
   * Marks up to {@code limit} unfinished deliveries whose deadline passed by {@code now} EXPIRED
   * (code DEADLINE_PASSED, the last error kept in the reason) and erases their content unless
   * {@code keepContent}. Rows leased by a live worker are left to it (its attempt may be storing
   * the message at the connector right now); rows another transaction locks are skipped. Joins the
   * caller's transaction.
   */
  public List<ExpiredDelivery> expireDue(Instant now, int limit, boolean keepContent) {
    return jdbc.sql(
            "WITH due AS (SELECT id FROM issuer_gateway.deliveries"
                + " WHERE status IN ('ACCEPTED', 'WAITING_FOR_HANDSHAKE') AND deadline_at <= :now"
                + " AND (lease_until IS NULL OR lease_until < :now)"
                + " ORDER BY deadline_at LIMIT :limit FOR UPDATE SKIP LOCKED)"
                + " UPDATE issuer_gateway.deliveries d SET status = 'EXPIRED',"
                + " failure_code = 'DEADLINE_PASSED', failure_reason = left('deadline passed after '"
                + " || d.attempts || ' attempt(s)' || coalesce('; last error: ' || d.failure_reason,"
                + " ''), 500), finished_at = :now, lease_owner = NULL, lease_until = NULL,"
                + " updated_at = :now"
                + (keepContent
                    ? ""
                    : ", payload_ciphertext = NULL, message = NULL, payload_erased_at = :now")
                + " FROM due WHERE d.id = due.id"
                + " RETURNING d.id, d.tenant_id, d.connection_id, d.kind")
        .param("now", ts(now))
        .param("limit", limit)
        .query(
            (rs, row) ->
                new ExpiredDelivery(
                    rs.getObject("id", UUID.class),
                    rs.getObject("tenant_id", UUID.class),
                    rs.getObject("connection_id", UUID.class),
                    DeliveryKind.valueOf(rs.getString("kind"))))
        .list();
  }

  /** The conditions of {@code filter} on a tenant's credential deliveries; fills {@code params}. */
  private static String where(UUID tenantId, DeliveryFilter filter, Map<String, Object> params) {
    StringBuilder sql = new StringBuilder("tenant_id = :tenant AND kind = 'CREDENTIAL'");
    params.put("tenant", tenantId);
    if (filter.connectionId() != null) {
      sql.append(" AND connection_id = :connection");
      params.put("connection", filter.connectionId());
    }
    if (filter.status() != null) {
      sql.append(" AND status = :status");
      params.put("status", filter.status().name());
    }
    if (filter.from() != null) {
      sql.append(" AND created_at >= :from");
      params.put("from", ts(filter.from()));
    }
    if (filter.to() != null) {
      sql.append(" AND created_at < :to");
      params.put("to", ts(filter.to()));
    }
    return sql.toString();
  }

  /**
   * Claims up to {@code limit} due deliveries for {@code owner} until {@code leaseUntil}, and only
   * as many as fit in {@code maxBytes} of encrypted document plus sealed message (always at least
   * one), so a batch's memory is bounded whatever the documents' sizes; rows locked or leased by
   * another worker are skipped. Rows still leased by {@code owner} itself are taken again: an owner
   * claims only between its batches (see {@code DeliveryPipeline#runOnce}), so such a lease belongs
   * to a batch whose outcomes could not be recorded because the database went away, and waiting for
   * it to expire would only delay those deliveries by the lease. Commits on its own (auto-commit).
   * The sizes come from {@code octet_length}, which reads the stored length without loading the
   * value.
   */
  public List<ClaimedDelivery> claim(
      String owner, Instant now, Instant leaseUntil, int limit, long maxBytes) {
    return claim(owner, now, leaseUntil, limit, maxBytes, List.of());
  }

  /**
   * {@link #claim(String, Instant, Instant, int, long)}, except that {@code owner}'s own leases on
   * {@code inFlight} are not taken back: those deliveries belong to the owner's previous batch,
   * still being sent while the owner claims the next one ({@code DeliveryPipeline#drain}).
   */
  public List<ClaimedDelivery> claim(
      String owner,
      Instant now,
      Instant leaseUntil,
      int limit,
      long maxBytes,
      Collection<UUID> inFlight) {
    return jdbc.sql(
            """
        WITH due AS (
            SELECT id, next_attempt_at,
                octet_length(payload_ciphertext) + coalesce(octet_length(message), 0) AS size
            FROM issuer_gateway.deliveries
            WHERE status IN ('ACCEPTED', 'WAITING_FOR_HANDSHAKE') AND next_attempt_at <= :now
              AND (lease_until IS NULL OR lease_until < :now
                OR (lease_owner = :owner AND NOT (id = ANY(CAST(:inFlight AS uuid[])))))
              AND (deadline_at IS NULL OR deadline_at > :now)
            ORDER BY next_attempt_at
            LIMIT :limit
            FOR UPDATE SKIP LOCKED),
        budgeted AS (
            SELECT id, row_number() OVER w AS n, sum(coalesce(size, 0)) OVER w AS running
            FROM due
            WINDOW w AS (ORDER BY next_attempt_at, id ROWS UNBOUNDED PRECEDING))
        UPDATE issuer_gateway.deliveries d
        SET lease_owner = :owner, lease_until = :until, attempts = d.attempts + 1, updated_at = :now
        WHERE d.id IN (SELECT id FROM budgeted WHERE n = 1 OR running <= :maxBytes)
        RETURNING d.id, d.tenant_id, d.connection_id, d.kind, d.credential_id,
            d.payload_ciphertext, d.message, d.attempts, d.created_at
        """)
        .param("owner", owner)
        .param("until", ts(leaseUntil))
        .param("now", ts(now))
        .param("limit", limit)
        .param("maxBytes", maxBytes)
        .param("inFlight", uuids(inFlight))
        .query((rs, row) -> claimed(rs))
        .list();
  }

  /**
   * Stores the final bytes of a delivery once (only if still leased by {@code owner} and none were
   * stored yet), so every later attempt sends exactly these bytes.
   *
   * @return false if the lease was lost or another worker stored bytes first
   */
  public boolean storeMessage(
      UUID id, String owner, byte[] message, String recipientKeyId, Instant now) {
    return jdbc.sql(
                """
        UPDATE issuer_gateway.deliveries SET message = :message, recipient_key_id = :kid, updated_at = :now
        WHERE id = :id AND lease_owner = :owner AND message IS NULL
        """)
            .param("message", message)
            .param("kid", recipientKeyId)
            .param("now", ts(now))
            .param("id", id)
            .param("owner", owner)
            .update()
        == 1;
  }

  /** The final bytes of one delivery and the holder key they are sealed to. */
  public record SealedMessage(UUID id, byte[] message, String recipientKeyId) {}

  /**
   * {@link #storeMessage} for a whole batch in one statement: each delivery's bytes are stored only
   * if it is still leased by {@code owner} and none were stored yet.
   *
   * @return the ids whose bytes were stored; the others lost their lease or had bytes already
   */
  public Set<UUID> storeMessages(String owner, List<SealedMessage> messages, Instant now) {
    if (messages.isEmpty()) {
      return Set.of();
    }
    String[] ids = new String[messages.size()];
    byte[][] bytes = new byte[messages.size()][];
    String[] kids = new String[messages.size()];
    for (int i = 0; i < messages.size(); i++) {
      ids[i] = messages.get(i).id().toString();
      bytes[i] = messages.get(i).message();
      kids[i] = messages.get(i).recipientKeyId();
    }
    return new HashSet<>(
        jdbc.sql(
                """
        UPDATE issuer_gateway.deliveries d
        SET message = sealed.message, recipient_key_id = sealed.kid, updated_at = :now
        FROM unnest(CAST(:ids AS uuid[]), CAST(:messages AS bytea[]), CAST(:kids AS text[]))
            AS sealed(id, message, kid)
        WHERE d.id = sealed.id AND d.lease_owner = :owner AND d.message IS NULL
        RETURNING d.id
        """)
            .param("ids", ids)
            .param("messages", bytes)
            .param("kids", kids)
            .param("now", ts(now))
            .param("owner", owner)
            .query((rs, row) -> rs.getObject(1, UUID.class))
            .list());
  }

  /** Records the connector's acknowledgement and releases the lease. */
  public boolean markSent(
      UUID id, String owner, String connectorMessageId, Instant now, boolean erase) {
    return markAllSent(owner, Map.of(id, connectorMessageId), now, erase).contains(id);
  }

  /**
   * {@link #markSent} for several deliveries in one statement ({@code connectorMessageIds}:
   * delivery id to the connector's message id).
   *
   * @return the ids of the deliveries still leased by {@code owner}, now SENT
   */
  public Set<UUID> markAllSent(
      String owner, Map<UUID, String> connectorMessageIds, Instant now, boolean erase) {
    if (connectorMessageIds.isEmpty()) {
      return Set.of();
    }
    String[] ids = connectorMessageIds.keySet().stream().map(UUID::toString).toArray(String[]::new);
    String[] messageIds = connectorMessageIds.values().toArray(String[]::new);
    return new HashSet<>(
        jdbc.sql(
                "UPDATE issuer_gateway.deliveries d SET status = 'SENT',"
                    + " connector_message_id = sent.mid, sent_at = :now, finished_at = :now,"
                    + " failure_reason = NULL, failure_code = NULL, lease_owner = NULL, lease_until = NULL, updated_at = :now"
                    + (erase
                        ? ", payload_ciphertext = NULL, message = NULL, payload_erased_at = :now"
                        : "")
                    + " FROM unnest(CAST(:ids AS uuid[]), CAST(:mids AS text[])) AS sent(id, mid)"
                    + " WHERE d.id = sent.id AND d.lease_owner = :owner RETURNING d.id")
            .param("ids", ids)
            .param("mids", messageIds)
            .param("now", ts(now))
            .param("owner", owner)
            .query((rs, row) -> rs.getObject(1, UUID.class))
            .list());
  }

  /** Gives up on a delivery for good and releases the lease. */
  public boolean markFailed(
      UUID id, String owner, DeliveryFailureCode code, String reason, Instant now, boolean erase) {
    return jdbc.sql(
                "UPDATE issuer_gateway.deliveries SET status = 'FAILED', failure_reason = :reason,"
                    + " failure_code = :code,"
                    + " finished_at = :now, lease_owner = NULL, lease_until = NULL, updated_at = :now"
                    + (erase
                        ? ", payload_ciphertext = NULL, message = NULL, payload_erased_at = :now"
                        : "")
                    + " WHERE id = :id AND lease_owner = :owner")
            .param("reason", bounded(reason))
            .param("code", code.name())
            .param("now", ts(now))
            .param("id", id)
            .param("owner", owner)
            .update()
        == 1;
  }

  /** Schedules another attempt at {@code nextAttemptAt} and releases the lease. */
  public boolean retryLater(
      UUID id,
      String owner,
      DeliveryStatus status,
      DeliveryFailureCode code,
      String reason,
      Instant nextAttemptAt,
      Instant now) {
    return jdbc.sql(
                """
        UPDATE issuer_gateway.deliveries SET status = :status, failure_reason = :reason, failure_code = :code,
            next_attempt_at = :next, lease_owner = NULL, lease_until = NULL, updated_at = :now
        WHERE id = :id AND lease_owner = :owner
        """)
            .param("status", status.name())
            .param("code", code.name())
            .param("reason", bounded(reason))
            .param("next", ts(nextAttemptAt))
            .param("now", ts(now))
            .param("id", id)
            .param("owner", owner)
            .update()
        == 1;
  }

  /** Makes the unfinished deliveries of a connection due now (its state changed). */
  public int wake(UUID connectionId, Instant now) {
    return jdbc.sql(
            """
        UPDATE issuer_gateway.deliveries SET next_attempt_at = :now, updated_at = :now
        WHERE connection_id = :connection AND status IN ('ACCEPTED', 'WAITING_FOR_HANDSHAKE')
          AND next_attempt_at > :now
        """)
        .param("now", ts(now))
        .param("connection", connectionId)
        .update();
  }

  /**
   * Makes the deliveries that wait for a retry after a failed attempt due now (the connector is
   * reachable again): their backoff was for an outage that is over.
   */
  public int wakeRetries(Instant now) {
    return jdbc.sql(
            """
        UPDATE issuer_gateway.deliveries SET next_attempt_at = :now, updated_at = :now
        WHERE status = 'ACCEPTED' AND attempts > 0 AND next_attempt_at > :now
        """)
        .param("now", ts(now))
        .update();
  }

  /** True once the connector acknowledged the issuer's handshake reply on this connection. */
  public boolean handshakeReplySent(UUID connectionId) {
    return jdbc.sql(
                "SELECT count(*) FROM issuer_gateway.deliveries WHERE connection_id = :connection"
                    + " AND kind = 'HANDSHAKE_REPLY' AND status = 'SENT'")
            .param("connection", connectionId)
            .query(Long.class)
            .single()
        > 0;
  }

  /**
   * What a delivery batch needs to know of its connections' other deliveries, read once per batch.
   *
   * @param handshakeRepliesSent the connections whose handshake reply is SENT ({@link
   *     #handshakeReplySent} for each)
   * @param oldestUnsentKeyRotation per connection, when its oldest key rotation announcement that
   *     is not SENT yet was queued (absent: none); an announcement queued before {@code t} is
   *     unsent exactly when this is before {@code t} ({@link #keyRotationUnsent})
   */
  public record ConnectionDeliveryFacts(
      Set<UUID> handshakeRepliesSent, Map<UUID, Instant> oldestUnsentKeyRotation) {}

  /**
   * {@link ConnectionDeliveryFacts} for {@code connectionIds} in one statement (one round trip of
   * the delivery worker's round instead of two: each serial step of a round pays a wake-up on a
   * busy machine, docs/PERFORMANCE.md "Quiet run Q9"). Both conditions are ranges of the {@code
   * (connection_id, kind, status)} index.
   */
  public ConnectionDeliveryFacts connectionFacts(Collection<UUID> connectionIds) {
    if (connectionIds.isEmpty()) {
      return new ConnectionDeliveryFacts(Set.of(), Map.of());
    }
    Set<UUID> repliesSent = new HashSet<>();
    Map<UUID, Instant> oldest = new HashMap<>();
    jdbc.sql(
            """
            SELECT connection_id,
                bool_or(kind = 'HANDSHAKE_REPLY') AS reply_sent,
                min(created_at) FILTER (WHERE kind = 'KEY_ROTATION') AS oldest_rotation
            FROM issuer_gateway.deliveries
            WHERE connection_id = ANY(CAST(:connections AS uuid[]))
              AND ((kind = 'HANDSHAKE_REPLY' AND status = 'SENT')
                OR (kind = 'KEY_ROTATION' AND status IN ('ACCEPTED', 'WAITING_FOR_HANDSHAKE')))
            GROUP BY connection_id
            """)
        .param("connections", uuids(connectionIds))
        .query(
            rs -> {
              UUID connection = rs.getObject("connection_id", UUID.class);
              if (rs.getBoolean("reply_sent")) {
                repliesSent.add(connection);
              }
              Instant rotation = Timestamps.instant(rs, "oldest_rotation");
              if (rotation != null) {
                oldest.put(connection, rotation);
              }
            });
    return new ConnectionDeliveryFacts(repliesSent, oldest);
  }

  /** A credential delivery that a holder's receipt moved to DELIVERED. */
  public record ReceiptedDelivery(UUID id, UUID tenantId, UUID connectionId) {}

  /**
   * What a receipt did to one delivery: {@code delivered} if it became DELIVERED, else the receipt
   * was remembered on an unfinished delivery (DELIVERED right after SENT).
   */
  public record ReceiptTaken(ReceiptedDelivery delivery, boolean delivered) {}

  /**
   * Receipt: the SENT credential deliveries among {@code ids} on {@code connectionId} become
   * DELIVERED at {@code now}; the unfinished ones (ACCEPTED, WAITING_FOR_HANDSHAKE: the receipt
   * overtook the gateway's record of the connector's acknowledgement) remember it and become
   * DELIVERED right after SENT ({@link #markDeliveredIfReceipted}). Others (unknown, another
   * connection's, FAILED, EXPIRED, DELIVERED) are untouched.
   *
   * <p>One statement, not a SENT update followed by an early-receipt update: a worker's SENT
   * transaction that is still open when a receipt arrives holds the row lock, and PostgreSQL
   * re-checks a waiting {@code UPDATE}'s condition on the row as that transaction left it. Two
   * statements each missed it: the first saw the row still ACCEPTED (not SENT), the second, after
   * the lock was released, saw it SENT (no longer unfinished), and the receipt was lost.
   */
  public List<ReceiptTaken> recordReceipt(UUID connectionId, List<UUID> ids, Instant now) {
    return jdbc.sql(
            """
        UPDATE issuer_gateway.deliveries
        SET status = CASE WHEN status = 'SENT' THEN 'DELIVERED' ELSE status END,
            delivered_at = :now, updated_at = :now
        WHERE id = ANY(CAST(:ids AS uuid[])) AND connection_id = :connection AND kind = 'CREDENTIAL'
          AND (status = 'SENT'
            OR (status IN ('ACCEPTED', 'WAITING_FOR_HANDSHAKE') AND delivered_at IS NULL))
        RETURNING id, tenant_id, connection_id, status
        """)
        .param("ids", uuids(ids))
        .param("connection", connectionId)
        .param("now", ts(now))
        .query(
            (rs, row) ->
                new ReceiptTaken(receipted(rs, row), "DELIVERED".equals(rs.getString("status"))))
        .list();
  }

  /** Where a delivery named by a receipt stands. */
  public record ReceiptTarget(
      DeliveryStatus status, DeliveryKind kind, boolean onConnection, int attempts) {

    /** A credential delivery of the receipt's connection that a receipt already took. */
    public boolean alreadyDelivered() {
      return onConnection && kind == DeliveryKind.CREDENTIAL && status == DeliveryStatus.DELIVERED;
    }

    @Override
    public String toString() {
      return status
          + " "
          + kind
          + (onConnection ? "" : " of another connection")
          + " after "
          + attempts
          + " attempt(s)";
    }
  }

  /** The deliveries among {@code ids} as a receipt on {@code connectionId} sees them. */
  public Map<UUID, ReceiptTarget> receiptTargets(UUID connectionId, Collection<UUID> ids) {
    Map<UUID, ReceiptTarget> targets = new HashMap<>();
    jdbc.sql(
            "SELECT id, status, kind, connection_id = :connection AS own, attempts"
                + " FROM issuer_gateway.deliveries WHERE id = ANY(CAST(:ids AS uuid[]))")
        .param("ids", uuids(ids))
        .param("connection", connectionId)
        .query(
            rs -> {
              targets.put(
                  rs.getObject("id", UUID.class),
                  new ReceiptTarget(
                      DeliveryStatus.valueOf(rs.getString("status")),
                      DeliveryKind.valueOf(rs.getString("kind")),
                      rs.getBoolean("own"),
                      rs.getInt("attempts")));
            });
    return targets;
  }

  /**
   * The deliveries among {@code ids}, just marked SENT, whose receipt arrived earlier ({@link
   * #recordReceipt}) become DELIVERED.
   *
   * @return the deliveries that changed
   */
  public List<ReceiptedDelivery> markDeliveredIfReceipted(Collection<UUID> ids, Instant now) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            "UPDATE issuer_gateway.deliveries SET status = 'DELIVERED', updated_at = :now"
                + " WHERE id = ANY(CAST(:ids AS uuid[])) AND status = 'SENT'"
                + " AND delivered_at IS NOT NULL RETURNING id, tenant_id, connection_id")
        .param("ids", uuids(ids))
        .param("now", ts(now))
        .query(DeliveryStore::receipted)
        .list();
  }

  private static ReceiptedDelivery receipted(ResultSet rs, int row) throws SQLException {
    return new ReceiptedDelivery(
        rs.getObject("id", UUID.class),
        rs.getObject("tenant_id", UUID.class),
        rs.getObject("connection_id", UUID.class));
  }

  private static String[] uuids(Collection<UUID> ids) {
    return ids.stream().map(UUID::toString).toArray(String[]::new);
  }

  /**
   * Erases content of SENT or DELIVERED deliveries finished before {@code sentCutoff} and of FAILED
   * or EXPIRED ones finished before {@code unsentCutoff} (kept longer for a resend); returns how
   * many.
   */
  public int eraseFinishedBefore(Instant sentCutoff, Instant unsentCutoff, Instant now) {
    return jdbc.sql(
            """
        UPDATE issuer_gateway.deliveries SET payload_ciphertext = NULL, message = NULL, payload_erased_at = :now,
            updated_at = :now
        WHERE payload_erased_at IS NULL AND status IN ('SENT', 'DELIVERED', 'FAILED', 'EXPIRED')
          AND finished_at < CASE WHEN status IN ('SENT', 'DELIVERED') THEN :sentCutoff ELSE :unsentCutoff END
        """)
        .param("now", ts(now))
        .param("sentCutoff", ts(sentCutoff))
        .param("unsentCutoff", ts(unsentCutoff))
        .update();
  }

  private static ClaimedDelivery claimed(ResultSet rs) throws SQLException {
    UUID id = rs.getObject("id", UUID.class);
    DeliveryKind kind = DeliveryKind.valueOf(rs.getString("kind"));
    byte[] message = rs.getBytes("message");
    // The encrypted document (or notice) is only needed until the message is sealed.
    byte[] document =
        (kind == DeliveryKind.CREDENTIAL || kind == DeliveryKind.CREDENTIAL_REVOCATION)
                && message == null
            ? rs.getBytes("payload_ciphertext")
            : null;
    return new ClaimedDelivery(
        id,
        rs.getObject("tenant_id", UUID.class),
        rs.getObject("connection_id", UUID.class),
        kind,
        rs.getObject("credential_id", UUID.class),
        document,
        message,
        rs.getInt("attempts"),
        Timestamps.instant(rs, "created_at"));
  }

  private static Delivery delivery(ResultSet rs, int row) throws SQLException {
    return new Delivery(
        rs.getObject("id", UUID.class),
        rs.getObject("tenant_id", UUID.class),
        rs.getObject("connection_id", UUID.class),
        DeliveryKind.valueOf(rs.getString("kind")),
        rs.getObject("credential_id", UUID.class),
        rs.getString("idempotency_key"),
        rs.getInt("item_index"),
        rs.getBytes("request_hash"),
        DeliveryStatus.valueOf(rs.getString("status")),
        rs.getString("failure_reason"),
        rs.getInt("attempts"),
        Timestamps.instant(rs, "next_attempt_at"),
        rs.getString("connector_message_id"),
        rs.getString("recipient_key_id"),
        Timestamps.instant(rs, "created_at"),
        Timestamps.instant(rs, "sent_at"),
        Timestamps.instant(rs, "finished_at"),
        rs.getObject("payload_erased_at") != null,
        code(rs.getString("failure_code")),
        Timestamps.instant(rs, "deadline_at"),
        rs.getObject("resend_of", UUID.class),
        Timestamps.instant(rs, "delivered_at"));
  }

  private static DeliveryFailureCode code(String name) {
    return name == null ? null : DeliveryFailureCode.valueOf(name);
  }

  private static OffsetDateTime ts(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private static String bounded(String reason) {
    return reason == null || reason.length() <= MAX_REASON
        ? reason
        : reason.substring(0, MAX_REASON) + "...";
  }
}
