package org.credrelay.connector.limit;

import com.google.protobuf.ByteString;
import org.credrelay.connector.support.ConnectorIntegrationTest;
import org.credrelay.connector.support.TestParty;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.EncryptedMessage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * The connector with small limits (one shared Spring context for the limit and queue status tests):
 * queues of 3 messages or 2 KiB, a sender burst of 6, a holder connection burst of 2, both refilled
 * by one token an hour (so only moving the clock refills them), and 2 streams per participant.
 */
@TestPropertySource(
    properties = {
      "connector.messages.limits.queue.max-messages=3",
      "connector.messages.limits.queue.max-bytes=2KB",
      "connector.messages.limits.sender-rate.burst=6",
      "connector.messages.limits.sender-rate.refill-tokens=1",
      "connector.messages.limits.sender-rate.refill-period=1h",
      "connector.messages.limits.holder-connection-rate.burst=2",
      "connector.messages.limits.holder-connection-rate.refill-tokens=1",
      "connector.messages.limits.holder-connection-rate.refill-period=1h",
      "connector.messages.limits.streams-per-participant=2",
    })
abstract class SmallLimitsIntegrationTest extends ConnectorIntegrationTest {

  @Autowired protected JdbcTemplate jdbc;

  /** Messages stored for {@code recipient}, counted in the database. */
  protected long waitingFor(TestParty recipient) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM connector.messages WHERE recipient_id = ?",
        Long.class,
        recipient.id());
  }

  /** An EncryptedMessage to {@code recipient} of exactly {@code size} serialized bytes. */
  protected static byte[] encryptedOfSize(TestParty recipient, int size) {
    for (int padding = size; padding > 0; padding--) {
      byte[] message =
          AtalaMessage.newBuilder()
              .setEncryptedMessage(
                  EncryptedMessage.newBuilder()
                      .setKeyId(recipient.communication().kid())
                      .setEncryptedContent(ByteString.copyFrom(new byte[padding])))
              .build()
              .toByteArray();
      if (message.length == size) {
        return message;
      }
    }
    throw new IllegalArgumentException("no message of " + size + " bytes");
  }
}
