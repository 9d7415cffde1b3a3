package org.credrelay.keyregistry.key.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import org.credrelay.keyhistory.KeyStatus;

/** A key with its status at an instant. */
@Schema(name = "KeyAt")
public record KeyAtResponse(
    KeyResponse key,
    @Schema(description = "Status at `at`; NOT_YET_REGISTERED before the key was created")
        KeyStatus statusAt,
    Instant at,
    @Schema(description = "How long a client may cache this answer, seconds") int maxAgeSeconds) {}
