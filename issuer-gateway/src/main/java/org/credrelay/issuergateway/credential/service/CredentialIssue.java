package org.credrelay.issuergateway.credential.service;

import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** One credential to issue: the connection and the document as parsed. */
public record CredentialIssue(UUID connectionId, JsonNode document) {}
