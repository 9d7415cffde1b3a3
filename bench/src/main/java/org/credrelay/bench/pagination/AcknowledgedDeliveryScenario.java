package org.credrelay.bench.pagination;

import java.util.List;
import org.credrelay.bench.BenchContext;
import org.credrelay.bench.BenchSizes;
import org.credrelay.bench.Scenario;
import org.credrelay.bench.ScenarioId;
import org.credrelay.bench.env.Holder;
import org.credrelay.bench.env.Issuer;
import org.credrelay.bench.env.Parties;
import org.credrelay.bench.env.SealedMessages;
import org.credrelay.bench.harness.Latencies;
import org.credrelay.bench.report.ScenarioResult;
import org.credrelay.bench.report.TargetCheck;
import org.credrelay.proto.connector.v1.AcknowledgeMessagesRequest;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc.ConnectorServiceBlockingStub;
import org.credrelay.proto.connector.v1.GetMessagesPaginatedRequest;
import org.credrelay.proto.connector.v1.GetMessagesPaginatedResponse;
import org.credrelay.proto.connector.v1.ReceivedMessage;

/**
 * Acknowledged delivery (PROTOCOL.md 5.9): a signed holder drains a bulk-loaded queue the way an
 * acknowledging client does, page from the head then AcknowledgeMessages for the page, until the
 * queue is empty; and, for comparison, the same number of messages read by cursor without
 * acknowledging (the pre-acknowledgement way). The difference is the cost of deleting as you go.
 */
public final class AcknowledgedDeliveryScenario implements Scenario {

  /** Deleting as you go may cost a second round trip per page, not more. */
  static final double TARGET_COST = 2.5;

  @Override
  public ScenarioId id() {
    return ScenarioId.ACK;
  }

  @Override
  public void run(BenchContext context, ScenarioResult result) throws Exception {
    BenchSizes sizes = context.sizes();
    Issuer issuer = context.issuer();
    int messages = sizes.paginationSizes().get(0);
    int pageSize = sizes.pageSize();
    result
        .figure("queued messages", messages, "messages")
        .figure("page size", pageSize, "messages");

    Holder reader = context.parties().connectHolders(issuer, 1, 1).get(0);
    load(context, issuer, reader, messages);
    ConnectorServiceBlockingStub readerStub =
        Parties.connector(reader, context.suite().connectorChannel(0));
    context.progress("ack: reading " + messages + " messages by cursor");
    long started = System.nanoTime();
    int read = readByCursor(readerStub, pageSize);
    double cursorSeconds = (System.nanoTime() - started) / 1e9;
    result.figure("read by cursor, no acknowledgement", read / cursorSeconds, "messages/s");

    Holder acknowledger = context.parties().connectHolders(issuer, 1, 1).get(0);
    load(context, issuer, acknowledger, messages);
    ConnectorServiceBlockingStub stub =
        Parties.connector(acknowledger, context.suite().connectorChannel(0));
    context.progress("ack: draining " + messages + " messages from the head with acknowledgements");
    Latencies pages = new Latencies();
    Latencies acks = new Latencies();
    started = System.nanoTime();
    int drained = 0;
    while (true) {
      long begin = System.nanoTime();
      GetMessagesPaginatedResponse page =
          Parties.timed(stub)
              .getMessagesPaginated(
                  GetMessagesPaginatedRequest.newBuilder().setLimit(pageSize).build());
      pages.record(System.nanoTime() - begin);
      if (page.getMessagesCount() == 0) {
        break;
      }
      List<String> ids = page.getMessagesList().stream().map(ReceivedMessage::getId).toList();
      begin = System.nanoTime();
      int acknowledged =
          Parties.timed(stub)
              .acknowledgeMessages(
                  AcknowledgeMessagesRequest.newBuilder().addAllMessageIds(ids).build())
              .getAcknowledgedCount();
      acks.record(System.nanoTime() - begin);
      if (acknowledged != ids.size()) {
        throw new IllegalStateException("acknowledged " + acknowledged + " of " + ids.size());
      }
      drained += acknowledged;
    }
    double ackSeconds = (System.nanoTime() - started) / 1e9;
    if (drained != messages) {
      throw new IllegalStateException("drained " + drained + " of " + messages);
    }
    result
        .figure("drained with acknowledgements", drained / ackSeconds, "messages/s")
        .figure("page from the head p50", pages.percentileMillis(50), "ms")
        .figure("page from the head p99", pages.percentileMillis(99), "ms")
        .figure("AcknowledgeMessages(" + pageSize + ") p50", acks.percentileMillis(50), "ms")
        .figure("AcknowledgeMessages(" + pageSize + ") p99", acks.percentileMillis(99), "ms")
        .figure("cost of acknowledging", ackSeconds / cursorSeconds, "x");
    result.target(
        TargetCheck.atMost(
            "draining with acknowledgements takes <= " + TARGET_COST + "x reading by cursor",
            ackSeconds / cursorSeconds,
            TARGET_COST,
            "x"));
  }

  private static void load(BenchContext context, Issuer issuer, Holder holder, int messages)
      throws Exception {
    byte[] content = SealedMessages.credentialFor(issuer, holder, context.sizes().contentBytes());
    new MessageBulkLoader(
            context.suite(), holder.connectionId(), issuer.did(), holder.id(), content)
        .loadUpTo(messages, context::progress);
  }

  private static int readByCursor(ConnectorServiceBlockingStub stub, int pageSize) {
    String cursor = "";
    int read = 0;
    while (true) {
      GetMessagesPaginatedResponse page =
          Parties.timed(stub)
              .getMessagesPaginated(
                  GetMessagesPaginatedRequest.newBuilder()
                      .setLastSeenMessageId(cursor)
                      .setLimit(pageSize)
                      .build());
      read += page.getMessagesCount();
      if (page.getMessagesCount() == 0 || !page.getHasMore()) {
        return read;
      }
      cursor = page.getMessages(page.getMessagesCount() - 1).getId();
    }
  }
}
