package org.credrelay.wallet.registry;

import io.grpc.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.credrelay.keyhistory.KeyOwner;
import org.credrelay.keyhistory.LogHead;
import org.credrelay.keyhistory.OwnerType;
import org.credrelay.proto.keyregistry.v1.GetKeyHistoryRequest;
import org.credrelay.proto.keyregistry.v1.GetKeyHistoryResponse;
import org.credrelay.proto.keyregistry.v1.KeyEvent;
import org.credrelay.proto.keyregistry.v1.KeyRegistryServiceGrpc;

/**
 * Reads a whole key event log from the key registry ({@code GetKeyHistory}, unauthenticated, page
 * by page from sequence 1). Nothing it returns is trusted: {@link IssuerKeyHistory} verifies it.
 * Errors surface as gRPC's {@code StatusRuntimeException}.
 */
public final class KeyRegistryClient {

  /** More pages than any honest log needs; a registry that keeps paging is refused. */
  static final int MAX_PAGES = 100;

  private final KeyRegistryServiceGrpc.KeyRegistryServiceBlockingStub stub;
  private final Duration rpcTimeout;

  /**
   * @param channel the channel to the key registry (owned by the caller)
   */
  public KeyRegistryClient(Channel channel, Duration rpcTimeout) {
    this.stub = KeyRegistryServiceGrpc.newBlockingStub(channel);
    this.rpcTimeout = rpcTimeout;
  }

  /** The log as served and the head the registry reported with its last page. */
  public record FetchedLog(List<KeyEvent> events, LogHead reportedHead) {}

  /**
   * The owner's whole log.
   *
   * @throws IllegalStateException if the registry serves more than {@link #MAX_PAGES} pages
   */
  public FetchedLog history(KeyOwner owner) {
    List<KeyEvent> events = new ArrayList<>();
    for (int page = 0; page < MAX_PAGES; page++) {
      GetKeyHistoryRequest.Builder request =
          GetKeyHistoryRequest.newBuilder().setFromSequence(events.size() + 1L);
      if (owner.type() == OwnerType.DID) {
        request.setDid(owner.id());
      } else {
        request.setConnectionId(owner.id());
      }
      GetKeyHistoryResponse response =
          stub.withDeadlineAfter(rpcTimeout.toMillis(), TimeUnit.MILLISECONDS)
              .getKeyHistory(request.build());
      events.addAll(response.getEventsList());
      LogHead head =
          new LogHead(response.getHead().getSequence(), response.getHead().getEventHash());
      if (response.getEventsCount() == 0 || events.size() >= head.sequence()) {
        return new FetchedLog(events, head);
      }
    }
    throw new IllegalStateException("the key registry served more than " + MAX_PAGES + " pages");
  }
}
