package org.credrelay.keyregistry.did.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.credrelay.keyregistry.history.rest.LogHeadResponse;
import org.credrelay.keyregistry.key.rest.KeyResponse;

/** A DID with every key it ever had and its log head. */
@Schema(name = "Did")
public record DidResponse(
    String did,
    List<KeyResponse> keys,
    LogHeadResponse head,
    @Schema(description = "How long a client may cache this answer, seconds") int maxAgeSeconds) {}
