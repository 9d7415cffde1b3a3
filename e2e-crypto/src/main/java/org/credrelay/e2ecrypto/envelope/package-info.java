/**
 * The end-to-end envelope carried in {@code EncryptedMessage.encrypted_content}: a JWE in general
 * JSON serialization, shaped like a DIDComm v2 encrypted message.
 *
 * <p>Entry points: {@link org.credrelay.e2ecrypto.envelope.EnvelopeSealer} (authcrypt
 * ECDH-1PU+A256KW with A256CBC-HS512 by default; anoncrypt ECDH-ES+A256KW on request) and {@link
 * org.credrelay.e2ecrypto.envelope.EnvelopeOpener}, which refuses with a typed {@link
 * org.credrelay.e2ecrypto.envelope.EnvelopeException.Reason}. The protected header binds the
 * connection id, a message id and the creation time ({@link
 * org.credrelay.e2ecrypto.envelope.EnvelopeHeaders}); the opener checks them after decryption and
 * records ids in a pluggable {@link org.credrelay.e2ecrypto.envelope.SeenMessageIds}. {@link
 * org.credrelay.e2ecrypto.envelope.JweDecryptor} is the binding-free layer underneath, used for
 * foreign JWEs such as the DIDComm specification vectors.
 */
package org.credrelay.e2ecrypto.envelope;
