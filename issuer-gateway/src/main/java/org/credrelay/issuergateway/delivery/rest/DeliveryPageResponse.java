package org.credrelay.issuergateway.delivery.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One keyset page of deliveries. */
public record DeliveryPageResponse(
    List<DeliveryResponse> items,
    @Schema(description = "Pass as 'after' for the next page; null on the last page")
        String nextCursor) {}
