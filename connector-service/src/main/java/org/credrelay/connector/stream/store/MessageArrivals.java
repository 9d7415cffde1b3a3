package org.credrelay.connector.stream.store;

/** Who the {@link MessageNotificationListener} tells about committed messages. */
public interface MessageArrivals {

  /** A message to {@code recipientId} was committed (by any replica). */
  void messagesArrived(String recipientId);

  /** Notifications may have been lost (the listener (re)connected): re-read everything. */
  void notificationsMayHaveBeenMissed();
}
