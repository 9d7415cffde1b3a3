package org.credrelay.keyregistry.auth;

import java.util.Map;
import java.util.Objects;
import org.credrelay.e2ecrypto.signing.RequestSignatureHeaders;

/**
 * A request as its signer signed it (docs/PROTOCOL.md §2): the signature metadata and the request
 * bytes exactly as received. Not verified yet: {@code auth.service.RequestAuthenticator} does that.
 *
 * @param method full gRPC method name, e.g. {@code credrelay.keyregistry.v1.KeyRegistryService/AddDidKey}
 * @param metadata the {@code x-credrelay-*} entries present on the call, by lower-case name
 * @param payload the serialized request message exactly as received
 */
public record SignedRequest(String method, Map<String, String> metadata, byte[] payload) {

  public SignedRequest {
    Objects.requireNonNull(method);
    metadata = Map.copyOf(metadata);
    payload = payload.clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** The {@code x-credrelay-key-id} entry, or null. */
  public String keyId() {
    return metadata.get(RequestSignatureHeaders.KEY_ID);
  }

  /** The {@code x-credrelay-did} entry, or null (holders). */
  public String did() {
    return metadata.get(RequestSignatureHeaders.DID);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedRequest other && method.equals(other.method)
        && metadata.equals(other.metadata) && java.util.Arrays.equals(payload, other.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, metadata, java.util.Arrays.hashCode(payload));
  }

  @Override
  public String toString() {
    return "SignedRequest[" + method + ", kid=" + keyId() + ", " + payload.length + " bytes]";
  }
}
