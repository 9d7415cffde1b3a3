package org.credrelay.keyregistry.key.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import org.credrelay.keyhistory.KeyStatus;
import org.credrelay.keyhistory.KeyUsage;
import org.credrelay.keyhistory.OwnerType;
import org.credrelay.keyregistry.key.RegisteredKey;

/** A registered key as the REST API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Key", description = "A registered public key")
public record KeyResponse(
    @Schema(description = "kid of the JWK") String keyId,
    @Schema(description = "Owning DID (absent for connection keys)") String did,
    @Schema(description = "Owning connection id (absent for DID keys)") String connectionId,
    KeyUsage usage,
    @Schema(description = "JWK crv", example = "X25519") String curve,
    @Schema(type = "object", description = "The public JWK") @JsonRawValue String publicJwk,
    @Schema(description = "Status now: ACTIVE or REVOKED") KeyStatus status,
    Instant createdAt,
    @Schema(description = "When the key is or was revoked (future during a rotation grace period)")
        Instant revokedAt,
    @Schema(description = "The kid this key replaced by rotation") String replacesKeyId) {

  public static KeyResponse of(RegisteredKey key, Instant now) {
    boolean did = key.owner().type() == OwnerType.DID;
    return new KeyResponse(
        key.keyId(),
        did ? key.owner().id() : null,
        did ? null : key.owner().id(),
        key.usage(),
        key.curve(),
        key.publicJwk(),
        key.statusAt(now),
        key.createdAt(),
        key.revokedAt(),
        key.replacesKeyId());
  }
}
