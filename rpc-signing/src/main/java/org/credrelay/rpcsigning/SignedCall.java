package org.credrelay.rpcsigning;

import java.util.Map;
import org.credrelay.e2ecrypto.signing.RequestSignatureHeaders;

/**
 * A signed call before its signature is checked: what a {@link SignerKeyResolver} may look at to
 * find the key that must have signed it.
 *
 * @param method full gRPC method name, e.g. {@code
 *     credrelay.connector.v1.ConnectorService/SendMessage}
 * @param metadata the {@code x-credrelay-*} entries present on the call, by lower-case name
 * @param requestBytes the serialized request exactly as received (not parsed yet; a resolver that
 *     parses it must treat it as untrusted)
 */
public record SignedCall(String method, Map<String, String> metadata, byte[] requestBytes) {

  public SignedCall {
    metadata = Map.copyOf(metadata);
  }

  /** The {@code x-credrelay-key-id} entry (present: the interceptor checked it). */
  public String keyId() {
    return metadata.get(RequestSignatureHeaders.KEY_ID);
  }

  /** The {@code x-credrelay-did} entry, or null (holders, connectors). */
  public String did() {
    return metadata.get(RequestSignatureHeaders.DID);
  }
}
