package org.credrelay.keyregistry.history.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import org.credrelay.keyhistory.LogHead;

/** The head of a key event log, to pin. */
@Schema(name = "LogHead")
public record LogHeadResponse(
    @Schema(description = "Sequence number of the latest event") long sequence,
    @Schema(description = "base64url SHA-256 event hash of that event") String eventHash) {

  public static LogHeadResponse of(LogHead head) {
    return new LogHeadResponse(head.sequence(), head.eventHash());
  }
}
