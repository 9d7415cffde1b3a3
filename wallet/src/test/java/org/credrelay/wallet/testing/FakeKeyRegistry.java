package org.credrelay.wallet.testing;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.credrelay.proto.keyregistry.v1.GetKeyHistoryRequest;
import org.credrelay.proto.keyregistry.v1.GetKeyHistoryResponse;
import org.credrelay.proto.keyregistry.v1.KeyEvent;
import org.credrelay.proto.keyregistry.v1.KeyRegistryServiceGrpc;
import org.credrelay.proto.keyregistry.v1.LogHead;

/**
 * A key registry on an in-process gRPC server that serves whatever log a test sets ({@code
 * GetKeyHistory} only, in pages of {@link #PAGE_SIZE}, head = the last event): an honest registry,
 * or one that rewrites, truncates or rolls back a log. Other RPCs answer UNIMPLEMENTED.
 */
public final class FakeKeyRegistry extends KeyRegistryServiceGrpc.KeyRegistryServiceImplBase
    implements AutoCloseable {

  static final int PAGE_SIZE = 2;

  private final Map<String, List<KeyEvent>> logs = new ConcurrentHashMap<>();
  private final AtomicInteger historyCalls = new AtomicInteger();
  private final Server server;
  private final ManagedChannel channel;
  private volatile Status failure;

  public FakeKeyRegistry() {
    String name = "key-registry-" + UUID.randomUUID();
    try {
      server =
          InProcessServerBuilder.forName(name).directExecutor().addService(this).build().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  public ManagedChannel channel() {
    return channel;
  }

  /** Serves {@code events} as the whole log of {@code did} from now on. */
  public void serve(String did, List<KeyEvent> events) {
    logs.put(did, List.copyOf(events));
  }

  /** Every call fails with {@code status} until {@link #recover()}. */
  public void failWith(Status status) {
    this.failure = status;
  }

  public void recover() {
    this.failure = null;
  }

  /** How many GetKeyHistory calls were answered or failed. */
  public int historyCalls() {
    return historyCalls.get();
  }

  @Override
  public void getKeyHistory(
      GetKeyHistoryRequest request, StreamObserver<GetKeyHistoryResponse> response) {
    historyCalls.incrementAndGet();
    Status failing = failure;
    if (failing != null) {
      response.onError(failing.asRuntimeException());
      return;
    }
    List<KeyEvent> log = logs.get(request.getDid());
    if (log == null) {
      response.onError(Status.NOT_FOUND.withDescription("unknown DID").asRuntimeException());
      return;
    }
    int from = (int) Math.max(1, request.getFromSequence());
    List<KeyEvent> page =
        log.subList(Math.min(from - 1, log.size()), Math.min(from - 1 + PAGE_SIZE, log.size()));
    LogHead.Builder head = LogHead.newBuilder();
    if (!log.isEmpty()) {
      KeyEvent last = log.get(log.size() - 1);
      head.setSequence(last.getSequence()).setEventHash(last.getEventHash());
    }
    response.onNext(GetKeyHistoryResponse.newBuilder().addAllEvents(page).setHead(head).build());
    response.onCompleted();
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.shutdownNow();
  }
}
