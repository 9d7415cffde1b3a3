package org.credrelay.connector.stream.service;

import java.time.Instant;
import org.credrelay.connector.message.StoredMessage;

/**
 * Where a stream delivers: the transport adapter of one open GetMessageStream call. Never called
 * concurrently (the {@link MessageStream} serializes), and not after {@link #fail} or cancellation.
 */
public interface MessageSink {

  /** Whether the transport can take another message without buffering it in memory. */
  boolean isReady();

  void send(StoredMessage message);

  void keepAlive(Instant sentAt);

  /** Ends the call with a status derived from {@code reason}. */
  void fail(RuntimeException reason);
}
