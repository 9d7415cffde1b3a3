package org.credrelay.connector.connection;

/** A connection with its state at the time of the answer and the participant's display name. */
public record ConnectionDetails(
    Connection connection, ConnectionState state, String participantName) {}
