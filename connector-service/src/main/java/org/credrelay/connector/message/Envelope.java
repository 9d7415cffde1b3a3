package org.credrelay.connector.message;

/**
 * What the connector may know about a message: its top-level kind and, for an EncryptedMessage, the
 * recipient key it names. Nothing of the content.
 */
public record Envelope(MessageKind kind, String encryptionKeyId) {}
