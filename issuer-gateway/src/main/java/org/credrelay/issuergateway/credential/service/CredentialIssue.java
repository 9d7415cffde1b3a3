package org.credrelay.issuergateway.credential.service;

import java.time.Duration;
import java.util.UUID;

/**
 * One credential to issue: the connection and the document as received.
 *
 * @param deliveryDeadline how long the delivery may take before it becomes EXPIRED, as requested;
 *     null = the tenant's or the gateway's default
 */
public record CredentialIssue(
    UUID connectionId, CredentialDocument document, Duration deliveryDeadline) {

  public CredentialIssue(UUID connectionId, CredentialDocument document) {
    this(connectionId, document, null);
  }
}
