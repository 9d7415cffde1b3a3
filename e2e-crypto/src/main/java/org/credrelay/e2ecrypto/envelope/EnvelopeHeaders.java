package org.credrelay.e2ecrypto.envelope;

/**
 * Names and values of the JWE protected header members this library writes (PROTOCOL.md section 3).
 * The {@code cr_} members bind a message to its connection, identity and time, so that the
 * connector cannot move, replay or delay it unnoticed.
 */
public final class EnvelopeHeaders {

  /** {@code typ} of every envelope (DIDComm v2 encrypted message). */
  public static final String TYP = "application/didcomm-encrypted+json";

  /** Connection id (string) the message was sealed for. */
  public static final String CONNECTION_ID = "cr_cid";

  /** Message id (string, unique per connection; 128 random bits base64url by default). */
  public static final String MESSAGE_ID = "cr_mid";

  /** Creation time, Unix epoch seconds (integer). */
  public static final String CREATED_AT = "cr_iat";

  private EnvelopeHeaders() {}
}
