package org.credrelay.connector.message.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.credrelay.connector.message.NewMessage;
import org.credrelay.connector.message.StoredMessage;
import org.credrelay.connector.support.ConnectorIntegrationTest;
import org.credrelay.connector.support.TestParty;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The store's ordering guarantee, independent of the replicas' clocks. */
class MessageStoreOrderingTest extends ConnectorIntegrationTest {

  @Autowired
  private MessageStore store;

  @Test
  void append_withAClockThatGoesBackwards_stillOrdersLaterCommitsLast() {
    TestParty issuer = registeredIssuer();
    TestParty holder = TestParty.holder(clock);
    UUID connectionId = UUID.fromString(connect(issuer, holder).getConnectionId());
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

    UUID first = store.append(List.of(message(connectionId, issuer, holder)), now).get(0);
    // A replica whose clock is an hour behind, and one at exactly the same instant.
    UUID second = store.append(List.of(message(connectionId, issuer, holder)),
        now.minus(Duration.ofHours(1))).get(0);
    List<UUID> batch = store.append(List.of(message(connectionId, issuer, holder),
        message(connectionId, issuer, holder)), now);

    List<StoredMessage> stored = store.pageForRecipient(holder.id(), null, 10);
    assertThat(stored).extracting(StoredMessage::id)
        .containsExactly(first, second, batch.get(0), batch.get(1));
    for (int i = 1; i < stored.size(); i++) {
      assertThat(stored.get(i).receivedAt()).isAfter(stored.get(i - 1).receivedAt());
    }
  }

  private static NewMessage message(UUID connectionId, TestParty sender, TestParty recipient) {
    return new NewMessage(connectionId, sender.id(), recipient.id(),
        encryptedTo(recipient), new byte[32], null);
  }
}
