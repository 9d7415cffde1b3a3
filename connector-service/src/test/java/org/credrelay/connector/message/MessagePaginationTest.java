package org.credrelay.connector.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.support.ConnectorIntegrationTest;
import org.credrelay.connector.support.TestParty;
import org.credrelay.proto.connector.v1.GetMessagesPaginatedRequest;
import org.credrelay.proto.connector.v1.ReceivedMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class MessagePaginationTest extends ConnectorIntegrationTest {

  @Autowired private JdbcTemplate jdbc;

  @Test
  void
      getMessagesPaginated_pageBoundariesWithIdenticalReceiveTimes_deliverEachMessageOnceInOrder() {
    TestParty issuer = registeredIssuer();
    TestParty holder = TestParty.holder(clock);
    String connectionId = connect(issuer, holder).getConnectionId();
    OffsetDateTime sameInstant = OffsetDateTime.now(ZoneOffset.UTC).withNano(123_000);
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      UUID id = UUID.randomUUID();
      ids.add(id);
      jdbc.update(
          """
          INSERT INTO messages (id, connection_id, sender_id, recipient_id, received_at, content,
                                content_sha256) VALUES (?, ?::uuid, ?, ?, ?, ?, ?)""",
          id,
          connectionId,
          issuer.id(),
          holder.id(),
          sameInstant,
          new byte[] {(byte) i},
          new byte[32]);
    }
    // PostgreSQL orders uuid bytewise, as an unsigned compare of the text form does.
    ids.sort(Comparator.comparing(UUID::toString));

    List<String> seen = new ArrayList<>();
    String last = "";
    List<ReceivedMessage> page;
    do {
      page =
          holder
              .stub(channel)
              .getMessagesPaginated(
                  GetMessagesPaginatedRequest.newBuilder()
                      .setLastSeenMessageId(last)
                      .setLimit(3)
                      .build())
              .getMessagesList();
      page.forEach(m -> seen.add(m.getId()));
      if (!page.isEmpty()) {
        last = page.get(page.size() - 1).getId();
      }
    } while (page.size() == 3);

    assertThat(seen).containsExactlyElementsOf(ids.stream().map(UUID::toString).toList());
  }

  @Test
  void getMessagesPaginated_resumesAfterLastSeenAndSeesOnlyTheCallersMessages() {
    TestParty issuer = registeredIssuer();
    TestParty holder = TestParty.holder(clock);
    String connectionId = connect(issuer, holder).getConnectionId();
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sent.add(
          issuer.stub(channel).sendMessage(sendRequest(connectionId, encryptedTo(holder))).getId());
    }
    holder.stub(channel).sendMessage(sendRequest(connectionId, encryptedTo(issuer)));

    List<ReceivedMessage> rest =
        holder
            .stub(channel)
            .getMessagesPaginated(
                GetMessagesPaginatedRequest.newBuilder().setLastSeenMessageId(sent.get(1)).build())
            .getMessagesList();

    assertThat(rest)
        .extracting(ReceivedMessage::getId)
        .containsExactlyElementsOf(sent.subList(2, 5));
    // The issuer's own sent message id is not a cursor in the holder's inbox, and vice versa.
    assertRefused(
        () ->
            issuer
                .stub(channel)
                .getMessagesPaginated(
                    GetMessagesPaginatedRequest.newBuilder()
                        .setLastSeenMessageId(sent.get(0))
                        .build()),
        ErrorReason.UNKNOWN_CURSOR);
    assertRefused(
        () ->
            holder
                .stub(channel)
                .getMessagesPaginated(
                    GetMessagesPaginatedRequest.newBuilder().setLimit(-1).build()),
        ErrorReason.INVALID_PAGE_LIMIT);
  }
}
