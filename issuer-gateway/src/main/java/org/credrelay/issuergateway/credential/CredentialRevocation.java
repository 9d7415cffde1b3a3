package org.credrelay.issuergateway.credential;

import java.time.Instant;
import java.util.UUID;

/**
 * The issuer revoked a delivered credential; the holder is told by a notice delivered like a
 * credential.
 *
 * @param connectionId the gateway connection the credential was delivered on (and the notice goes)
 * @param credentialDeliveryId the CREDENTIAL delivery that brought it to the holder
 * @param noticeDeliveryId the CREDENTIAL_REVOCATION delivery of the notice
 * @param reason as sent to the holder; empty if none was given
 */
public record CredentialRevocation(
    UUID credentialId,
    UUID tenantId,
    UUID connectionId,
    UUID credentialDeliveryId,
    UUID noticeDeliveryId,
    String reason,
    Instant revokedAt) {}
