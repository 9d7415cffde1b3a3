package org.credrelay.keyregistry.history.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Base64;
import org.credrelay.keyhistory.EventAuthorization;
import org.credrelay.keyhistory.KeyEvent;
import org.credrelay.keyhistory.KeyEventType;
import org.credrelay.keyhistory.KeyUsage;

/** One key event (see docs/PROTOCOL.md for the canonical bytes its hash covers). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "KeyEvent")
public record KeyEventResponse(
    long sequence,
    KeyEventType type,
    String keyId,
    KeyUsage usage,
    @Schema(type = "object") @JsonRawValue String publicJwk,
    String replacedKeyId,
    Instant replacedKeyRevokedAt,
    Instant occurredAt,
    String previousHash,
    String eventHash,
    Authorization authorization) {

  /** The proof that authorised the event; binary values are base64url without padding. */
  @Schema(name = "EventAuthorization")
  public record Authorization(
      String signerKeyId,
      String method,
      String nonce,
      long timestampMillis,
      String signedPayload,
      String signature) {}

  public static KeyEventResponse of(KeyEvent event) {
    EventAuthorization auth = event.authorization();
    Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
    return new KeyEventResponse(
        event.sequence(),
        event.type(),
        event.keyId(),
        event.usage(),
        event.publicJwk(),
        event.replacedKeyId(),
        event.replacedKeyRevokedAt(),
        event.occurredAt(),
        event.previousHash(),
        event.eventHash(),
        new Authorization(
            auth.signerKeyId(),
            auth.method(),
            auth.nonce(),
            auth.timestampMillis(),
            base64url.encodeToString(auth.signedPayload()),
            base64url.encodeToString(auth.signature())));
  }
}
