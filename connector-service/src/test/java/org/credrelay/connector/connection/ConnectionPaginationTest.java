package org.credrelay.connector.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.support.ConnectorIntegrationTest;
import org.credrelay.connector.support.TestParty;
import org.credrelay.proto.connector.v1.ConnectionInfo;
import org.credrelay.proto.connector.v1.GenerateConnectionTokenRequest;
import org.credrelay.proto.connector.v1.GetConnectionsPaginatedRequest;
import org.junit.jupiter.api.Test;

class ConnectionPaginationTest extends ConnectorIntegrationTest {

  @Test
  void getConnectionsPaginated_walksEveryConnectionOnceAcrossPagesWithEqualCreationTimes() {
    TestParty issuer = registeredIssuer();
    // One request creates all seven connections with the same created_at: the id breaks the tie.
    List<String> created =
        issuer
            .stub(channel)
            .generateConnectionToken(
                GenerateConnectionTokenRequest.newBuilder().setCount(7).build())
            .getConnectionIdsList();

    List<String> seen = new ArrayList<>();
    String last = "";
    List<ConnectionInfo> page;
    do {
      page =
          issuer
              .stub(channel)
              .getConnectionsPaginated(
                  GetConnectionsPaginatedRequest.newBuilder()
                      .setLastSeenConnectionId(last)
                      .setLimit(3)
                      .build())
              .getConnectionsList();
      page.forEach(c -> seen.add(c.getConnectionId()));
      if (!page.isEmpty()) {
        last = page.get(page.size() - 1).getConnectionId();
      }
    } while (page.size() == 3);

    assertThat(seen)
        .hasSize(7)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(created);
  }

  @Test
  void getConnectionsPaginated_forAHolder_listsOnlyItsConnections() {
    TestParty issuer = registeredIssuer();
    TestParty holder = TestParty.holder(clock);
    ConnectionInfo first = connect(issuer, holder);
    ConnectionInfo second = connect(registeredIssuer(), holder);
    connect(issuer, TestParty.holder(clock));

    List<ConnectionInfo> page =
        holder
            .stub(channel)
            .getConnectionsPaginated(GetConnectionsPaginatedRequest.getDefaultInstance())
            .getConnectionsList();

    assertThat(page)
        .extracting(ConnectionInfo::getConnectionId)
        .containsExactly(first.getConnectionId(), second.getConnectionId());
    assertThat(page.get(1).getParticipantName()).isNotEmpty();
  }

  @Test
  void getConnectionsPaginated_badInput_isInvalidArgument() {
    TestParty issuer = registeredIssuer();
    TestParty other = registeredIssuer();
    String othersConnection =
        other
            .stub(channel)
            .generateConnectionToken(GenerateConnectionTokenRequest.getDefaultInstance())
            .getConnectionIds(0);

    assertRefused(
        () ->
            issuer
                .stub(channel)
                .getConnectionsPaginated(
                    GetConnectionsPaginatedRequest.newBuilder().setLimit(501).build()),
        ErrorReason.INVALID_PAGE_LIMIT);
    assertRefused(
        () ->
            issuer
                .stub(channel)
                .getConnectionsPaginated(
                    GetConnectionsPaginatedRequest.newBuilder()
                        .setLastSeenConnectionId(othersConnection)
                        .build()),
        ErrorReason.UNKNOWN_CURSOR);
    assertRefused(
        () ->
            issuer
                .stub(channel)
                .getConnectionsPaginated(
                    GetConnectionsPaginatedRequest.newBuilder()
                        .setLastSeenConnectionId("nope")
                        .build()),
        ErrorReason.INVALID_ID);
  }
}
