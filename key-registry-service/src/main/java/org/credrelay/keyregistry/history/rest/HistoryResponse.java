package org.credrelay.keyregistry.history.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.credrelay.keyregistry.history.service.KeyHistoryManager.HistoryPage;

/** A page of a key event log with the current head. */
@Schema(name = "KeyHistory")
public record HistoryResponse(List<KeyEventResponse> events, LogHeadResponse head) {

  public static HistoryResponse of(HistoryPage page) {
    return new HistoryResponse(
        page.events().stream().map(KeyEventResponse::of).toList(), LogHeadResponse.of(page.head()));
  }
}
