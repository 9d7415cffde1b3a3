package org.credrelay.issuergateway.credential.service;

import java.util.UUID;

/** One credential to issue: the connection and the document as received. */
public record CredentialIssue(UUID connectionId, CredentialDocument document) {}
