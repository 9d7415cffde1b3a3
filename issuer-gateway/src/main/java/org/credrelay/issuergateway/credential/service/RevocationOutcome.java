package org.credrelay.issuergateway.credential.service;

import org.credrelay.issuergateway.credential.CredentialRevocation;
import org.credrelay.issuergateway.delivery.Delivery;

/**
 * @param notice the notice's delivery as it stands now
 * @param replayed true if the credential was revoked before: nothing new was queued
 */
public record RevocationOutcome(
    CredentialRevocation revocation, Delivery notice, boolean replayed) {}
