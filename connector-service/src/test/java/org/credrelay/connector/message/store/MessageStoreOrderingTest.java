package org.credrelay.connector.message.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.credrelay.connector.message.NewMessage;
import org.credrelay.connector.message.StoredMessage;
import org.credrelay.connector.message.store.MessageStore.Appended;
import org.credrelay.connector.support.ConnectorIntegrationTest;
import org.credrelay.connector.support.TestParty;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The store's ordering guarantee, independent of the replicas' clocks. */
class MessageStoreOrderingTest extends ConnectorIntegrationTest {

  @Autowired private MessageStore store;

  @Test
  void append_withAClockThatGoesBackwards_stillOrdersLaterCommitsLast() {
    TestParty issuer = registeredIssuer();
    TestParty holder = TestParty.holder(clock);
    UUID connectionId = UUID.fromString(connect(issuer, holder).getConnectionId());
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

    UUID first = store.append(List.of(message(connectionId, issuer, holder)), now).get(0).id();
    // A replica whose clock is an hour behind, and one at exactly the same instant.
    UUID second =
        store
            .append(List.of(message(connectionId, issuer, holder)), now.minus(Duration.ofHours(1)))
            .get(0)
            .id();
    List<UUID> batch =
        store
            .append(
                List.of(
                    message(connectionId, issuer, holder), message(connectionId, issuer, holder)),
                now)
            .stream()
            .map(Appended::id)
            .toList();

    List<StoredMessage> stored = store.pageForRecipient(holder.id(), null, 10).messages();
    assertThat(stored)
        .extracting(StoredMessage::id)
        .containsExactly(first, second, batch.get(0), batch.get(1));
    for (int i = 1; i < stored.size(); i++) {
      assertThat(stored.get(i).receivedAt()).isAfter(stored.get(i - 1).receivedAt());
    }
  }

  @Test
  void append_oneBatchToTwoRecipientsWithARepeatedClientId_storesEachNewMessageOnceInOrder() {
    TestParty issuer = registeredIssuer();
    TestParty alice = TestParty.holder(clock);
    TestParty bob = TestParty.holder(clock);
    UUID toAlice = UUID.fromString(connect(issuer, alice).getConnectionId());
    UUID toBob = UUID.fromString(connect(issuer, bob).getConnectionId());
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    NewMessage repeated = withClientId(message(toAlice, issuer, alice), "repeat-1");

    List<Appended> appended =
        store.append(
            List.of(
                message(toAlice, issuer, alice),
                repeated,
                message(toBob, issuer, bob),
                repeated,
                message(toAlice, issuer, alice)),
            now);

    assertThat(appended)
        .extracting(Appended::stored)
        .containsExactly(true, true, true, false, true);
    assertThat(appended.get(3).id()).isEqualTo(appended.get(1).id());
    assertThat(store.pageForRecipient(alice.id(), null, 10).messages())
        .extracting(StoredMessage::id)
        .containsExactly(appended.get(0).id(), appended.get(1).id(), appended.get(4).id());
    assertThat(store.pageForRecipient(bob.id(), null, 10).messages())
        .extracting(StoredMessage::id)
        .containsExactly(appended.get(2).id());
    List<Appended> again = store.append(List.of(repeated), now);
    assertThat(again).containsExactly(new Appended(appended.get(1).id(), false));
  }

  private static NewMessage withClientId(NewMessage message, String clientMessageId) {
    return new NewMessage(
        message.connectionId(),
        message.senderId(),
        message.recipientId(),
        message.content(),
        message.contentSha256(),
        clientMessageId);
  }

  private static NewMessage message(UUID connectionId, TestParty sender, TestParty recipient) {
    return new NewMessage(
        connectionId, sender.id(), recipient.id(), encryptedTo(recipient), new byte[32], null);
  }
}
