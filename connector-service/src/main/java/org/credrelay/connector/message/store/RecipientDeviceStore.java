package org.credrelay.connector.message.store;

import java.time.Instant;
import java.time.ZoneOffset;
import org.credrelay.connector.message.DeviceId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The known devices of each recipient ({@code connector.recipient_devices}): every device id the
 * recipient named on a read, an acknowledgement or a push target registration. A message is deleted
 * once each known device of its recipient acknowledged it (see {@link
 * MessageAcknowledgementStore}).
 */
@Repository
public class RecipientDeviceStore {

  /** Parameters: recipient id, device id, now. Does nothing for a device already known. */
  static final String SEEN =
      """
      INSERT INTO connector.recipient_devices (recipient_id, device_id, first_seen_at)
      VALUES (?, ?, ?) ON CONFLICT (recipient_id, device_id) DO NOTHING""";

  private final JdbcClient jdbc;

  RecipientDeviceStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Makes {@code device} a known device of {@code recipientId} (idempotent). */
  public void seen(String recipientId, DeviceId device, Instant now) {
    jdbc.sql(SEEN).params(recipientId, device.value(), now.atOffset(ZoneOffset.UTC)).update();
  }
}
