package org.credrelay.wallet.sdk;

import java.time.Instant;

/**
 * What an invitation says and the connector confirms, before anything is accepted.
 *
 * @param issuerDid the issuer DID of the invitation (equal to the token's participant at the connector)
 * @param issuerName the participant name registered at the connector
 * @param nameInInvitation the name the invitation itself carries, or null
 * @param expiresAt when the invitation expires
 */
public record InvitationPreview(String issuerDid, String issuerName, String nameInInvitation,
    Instant expiresAt) {}
