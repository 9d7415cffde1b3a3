package org.credrelay.issuergateway.connection.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One keyset page of connections (the same shape as a page of deliveries). */
public record ConnectionPageResponse(
    List<ConnectionResponse> items,
    @Schema(description = "Pass as 'after' for the next page; null on the last page")
        String nextCursor) {}
