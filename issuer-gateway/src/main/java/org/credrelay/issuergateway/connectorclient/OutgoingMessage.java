package org.credrelay.issuergateway.connectorclient;

/**
 * One entry of {@link ConnectorClient#sendAll}.
 *
 * @param connectionId the connector's connection id
 * @param message a serialized AtalaMessage
 * @param clientMessageId makes the send idempotent (same id and bytes: the original message id)
 */
public record OutgoingMessage(String connectionId, byte[] message, String clientMessageId) {}
