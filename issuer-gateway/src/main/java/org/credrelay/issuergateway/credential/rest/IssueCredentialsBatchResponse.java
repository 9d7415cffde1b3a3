package org.credrelay.issuergateway.credential.rest;

import java.util.List;

/** The deliveries of a batch, in request order. */
public record IssueCredentialsBatchResponse(List<IssueCredentialResponse> items) {}
