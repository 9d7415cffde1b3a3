package org.credrelay.issuergateway.credential.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/** Several credentials accepted atomically (all or none). */
public record IssueCredentialsBatchRequest(
    @Schema(description = "1..gateway.api.max-batch-items (default 100) credentials") @NotEmpty
        List<@Valid @NotNull IssueCredentialRequest> items) {}
