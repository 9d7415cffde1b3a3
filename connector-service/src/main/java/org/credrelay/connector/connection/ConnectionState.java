package org.credrelay.connector.connection;

/**
 * Lifecycle of a connection. {@link #EXPIRED} is never stored: it is derived for an INVITED
 * connection whose token expired.
 */
public enum ConnectionState {
  INVITED,
  CONNECTED,
  REVOKED,
  EXPIRED
}
