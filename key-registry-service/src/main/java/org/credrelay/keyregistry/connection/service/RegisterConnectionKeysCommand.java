package org.credrelay.keyregistry.connection.service;

import java.util.Objects;
import org.credrelay.keyregistry.connection.ConnectionId;
import org.credrelay.keyregistry.key.NewKey;

/**
 * A validated RegisterConnectionKeys request.
 *
 * @param token the connection token the holder accepted (1-512 visible ASCII characters)
 * @param keyBindingProof the holder's signature over the key binding bytes
 */
public record RegisterConnectionKeysCommand(
    ConnectionId connectionId,
    String token,
    NewKey authenticationKey,
    NewKey communicationKey,
    byte[] keyBindingProof) {

  public RegisterConnectionKeysCommand {
    Objects.requireNonNull(connectionId);
    Objects.requireNonNull(token);
    Objects.requireNonNull(authenticationKey);
    Objects.requireNonNull(communicationKey);
    keyBindingProof = keyBindingProof.clone();
  }

  @Override
  public byte[] keyBindingProof() {
    return keyBindingProof.clone();
  }
}
