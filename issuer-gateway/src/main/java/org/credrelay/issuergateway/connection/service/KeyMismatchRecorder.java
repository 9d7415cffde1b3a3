package org.credrelay.issuergateway.connection.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.UUID;
import org.credrelay.issuergateway.connection.Connection;
import org.credrelay.issuergateway.connection.ConnectionState;
import org.credrelay.issuergateway.connection.store.ConnectionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Records a key substitution (S3): the connection becomes KEY_MISMATCH for good (no credential is
 * ever encrypted to a key the handshake did not prove), the counter {@code
 * gateway.security.key_mismatch} is incremented and a security event is logged on the {@code
 * SECURITY} logger. Key ids and public facts only; no secrets, no credential content.
 */
@Service
public class KeyMismatchRecorder {

  private static final Logger SECURITY = LoggerFactory.getLogger("SECURITY");

  private final ConnectionStore connections;
  private final ApplicationEventPublisher events;
  private final MeterRegistry meters;
  private final Clock clock;

  public KeyMismatchRecorder(
      ConnectionStore connections,
      ApplicationEventPublisher events,
      MeterRegistry meters,
      Clock clock) {
    this.connections = connections;
    this.events = events;
    this.meters = meters;
    this.clock = clock;
  }

  /**
   * A holder reported KEY_MISMATCH for its side of a connection (an {@code ErrorMessage} with that
   * code through the connector, which authenticated the holder as the sender): the holder no longer
   * trusts the keys, so nothing more is sealed to it. Unknown connections and connections that are
   * already closed are left alone.
   */
  public void recordHolderReport(UUID tenantId, String connectorConnectionId) {
    connections
        .findByConnectorId(tenantId, connectorConnectionId)
        .filter(connection -> !connection.state().closed())
        .ifPresent(
            connection ->
                record(
                    connection,
                    "holder",
                    "the holder reported that the keys of this connection do not match"));
  }

  /**
   * @param source where it was detected: {@code handshake}, {@code delivery} or {@code holder}
   * @param detail what disagreed (key ids only)
   */
  public void record(Connection connection, String source, String detail) {
    close(
        connection,
        ConnectionState.KEY_MISMATCH,
        "gateway.security.key_mismatch",
        "Holder keys from the connector or registry that disagreed with the proven ones",
        source,
        detail);
  }

  /**
   * The key registry served a key history of the holder's keys that failed verification (S8): the
   * connection becomes KEY_HISTORY_INVALID for good, the counter {@code
   * gateway.security.key_history_invalid} is incremented and a security event is logged.
   */
  public void recordInvalidHistory(Connection connection, String detail) {
    close(
        connection,
        ConnectionState.KEY_HISTORY_INVALID,
        "gateway.security.key_history_invalid",
        "Holder key histories from the key registry that were rewritten, truncated or rolled back",
        "delivery",
        detail);
  }

  private void close(
      Connection connection,
      ConnectionState state,
      String counter,
      String description,
      String source,
      String detail) {
    connections.close(connection.id(), state, state + ": " + detail, clock.instant());
    Counter.builder(counter)
        .description(description)
        .tag("source", source)
        .register(meters)
        .increment();
    SECURITY.warn(
        "security_event={} tenant={} connection={} connector_connection={} "
            + "source={} detail=\"{}\"",
        state,
        connection.tenantId(),
        connection.id(),
        connection.connectorConnectionId(),
        source,
        detail);
    events.publishEvent(new ConnectionStateChangedEvent(connection.id(), state));
  }
}
