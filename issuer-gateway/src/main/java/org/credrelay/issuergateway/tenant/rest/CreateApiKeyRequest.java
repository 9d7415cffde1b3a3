package org.credrelay.issuergateway.tenant.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Optional body of POST /api/v1/tenant/api-keys. */
public record CreateApiKeyRequest(
    @Schema(description = "A name for the key, shown in the list (at most 100 characters)")
        @Size(max = 100)
        @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
        String label,
    @Schema(description = "issue (default) and/or admin-keys") @Size(min = 1, max = 2)
        List<@Pattern(regexp = "issue|admin-keys", message = "must be issue or admin-keys") String>
            scopes) {}
