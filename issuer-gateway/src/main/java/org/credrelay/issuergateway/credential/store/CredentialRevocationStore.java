package org.credrelay.issuergateway.credential.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.credrelay.issuergateway.credential.CredentialRevocation;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Revoked credentials ({@code issuer_gateway.credential_revocations}), one row per credential: the
 * primary key settles concurrent revocations of one credential (the loser's insert fails and its
 * transaction, with its notice, rolls back). Inserts join the caller's transaction.
 */
@Component
public class CredentialRevocationStore {

  private final JdbcClient jdbc;

  CredentialRevocationStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Records a revocation.
   *
   * @throws org.springframework.dao.DuplicateKeyException if the credential was revoked before
   */
  public void insert(CredentialRevocation revocation) {
    jdbc.sql(
            """
        INSERT INTO issuer_gateway.credential_revocations (credential_id, tenant_id, connection_id,
            credential_delivery_id, notice_delivery_id, reason, revoked_at)
        VALUES (:credential, :tenant, :connection, :delivery, :notice, :reason, :revokedAt)
        """)
        .param("credential", revocation.credentialId())
        .param("tenant", revocation.tenantId())
        .param("connection", revocation.connectionId())
        .param("delivery", revocation.credentialDeliveryId())
        .param("notice", revocation.noticeDeliveryId())
        .param("reason", revocation.reason())
        .param("revokedAt", revocation.revokedAt().atOffset(ZoneOffset.UTC))
        .update();
  }

  /** The revocation of a tenant's credential; empty if it was not revoked (or is another's). */
  public Optional<CredentialRevocation> find(UUID tenantId, UUID credentialId) {
    return jdbc.sql(
            """
        SELECT credential_id, tenant_id, connection_id, credential_delivery_id, notice_delivery_id,
            reason, revoked_at
        FROM issuer_gateway.credential_revocations
        WHERE credential_id = :credential AND tenant_id = :tenant
        """)
        .param("credential", credentialId)
        .param("tenant", tenantId)
        .query((rs, row) -> revocation(rs))
        .optional();
  }

  private static CredentialRevocation revocation(ResultSet rs) throws SQLException {
    return new CredentialRevocation(
        rs.getObject("credential_id", UUID.class),
        rs.getObject("tenant_id", UUID.class),
        rs.getObject("connection_id", UUID.class),
        rs.getObject("credential_delivery_id", UUID.class),
        rs.getObject("notice_delivery_id", UUID.class),
        rs.getString("reason"),
        rs.getObject("revoked_at", java.time.OffsetDateTime.class).toInstant());
  }
}
