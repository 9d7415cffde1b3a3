package org.credrelay.e2ecrypto.signing;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.e2ecrypto.internal.Digests;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyUse;

/**
 * Signs requests with an authentication key (S7): the caller attaches the returned entries as gRPC
 * metadata (or HTTP headers).
 *
 * <pre>{@code
 * RequestSigner signer = new RequestSigner(authKey, "did:example:issuer", Clock.systemUTC(), new SecureRandom());
 * Map<String, String> metadata = signer.sign("credrelay.connector.v1.ConnectorService/SendMessage",
 *     request.toByteArray());
 * }</pre>
 *
 * <p>Thread-safe. A key being registered can sign its own registration request the same way (proof
 * of possession); see also {@link ProofOfPossession}.
 */
public final class RequestSigner {

  static final int NONCE_BYTES = 16;

  private final KeyPairJwk key;
  private final String did;
  private final Clock clock;
  private final SecureRandom random;

  /**
   * @param authenticationKey the signing key; its kid goes into {@link
   *     RequestSignatureHeaders#KEY_ID}
   * @param did the participant's DID, or null for a holder
   */
  public RequestSigner(KeyPairJwk authenticationKey, String did, Clock clock, SecureRandom random) {
    if (authenticationKey.use() != KeyUse.AUTHENTICATION) {
      throw new IllegalArgumentException("requests are signed with an authentication key");
    }
    if (did != null && !Digests.isVisibleAscii(did, RequestVerifier.MAX_DID_LENGTH)) {
      throw new IllegalArgumentException("DID must be 1-512 visible ASCII characters");
    }
    this.key = authenticationKey;
    this.did = did;
    this.clock = clock;
    this.random = random;
  }

  /** The metadata entries for one call of {@code method} with the serialized {@code request}. */
  public Map<String, String> sign(String method, byte[] requestBytes) {
    byte[] nonceBytes = new byte[NONCE_BYTES];
    random.nextBytes(nonceBytes);
    String nonce = Base64Url.encode(nonceBytes);
    String timestamp = Long.toString(clock.millis());
    byte[] signature = key.sign(SigningInput.of(method, nonce, timestamp, requestBytes));
    Map<String, String> metadata = new LinkedHashMap<>();
    if (did != null) {
      metadata.put(RequestSignatureHeaders.DID, did);
    }
    metadata.put(RequestSignatureHeaders.KEY_ID, key.kid());
    metadata.put(RequestSignatureHeaders.NONCE, nonce);
    metadata.put(RequestSignatureHeaders.TIMESTAMP, timestamp);
    metadata.put(RequestSignatureHeaders.SIGNATURE, Base64Url.encode(signature));
    return Map.copyOf(metadata);
  }
}
