package org.credrelay.keyhistory;

import java.nio.charset.StandardCharsets;

/**
 * The payload recorded for an operator revocation ({@link EventAuthorization#OPERATOR_SIGNER}),
 * UTF-8:
 *
 * <pre>
 * "credrelay-operator-revocation-v1" LF owner-id LF kid LF reason
 * </pre>
 */
public final class OperatorRevocation {

  public static final String VERSION = "credrelay-operator-revocation-v1";

  private OperatorRevocation() {}

  public static byte[] payload(String ownerId, String keyId, String reason) {
    return (VERSION + "\n" + ownerId + "\n" + keyId + "\n" + reason)
        .getBytes(StandardCharsets.UTF_8);
  }
}
