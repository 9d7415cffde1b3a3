package org.credrelay.keyregistry.did.service;

import java.util.List;
import java.util.Objects;
import org.credrelay.keyregistry.did.Did;
import org.credrelay.keyregistry.key.NewKey;

/**
 * A validated RegisterDid request: the DID, its first authentication key, its communication keys.
 */
public record RegisterDidCommand(
    Did did, NewKey authenticationKey, List<NewKey> communicationKeys) {

  public RegisterDidCommand {
    Objects.requireNonNull(did);
    Objects.requireNonNull(authenticationKey);
    communicationKeys = List.copyOf(communicationKeys);
  }
}
