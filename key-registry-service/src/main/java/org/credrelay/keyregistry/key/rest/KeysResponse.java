package org.credrelay.keyregistry.key.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A list of keys and how long it may be cached. */
@Schema(name = "Keys")
public record KeysResponse(
    List<KeyResponse> keys,
    @Schema(description = "How long a client may cache this answer, seconds (also Cache-Control)")
        int maxAgeSeconds) {}
