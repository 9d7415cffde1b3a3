package org.credrelay.keyhistory;

import java.util.Objects;

/**
 * The proof that authorised a key event, kept so anyone can verify it later.
 *
 * <ul>
 *   <li>A signed request: the signer kid, full gRPC method name, nonce, timestamp, the request
 *       bytes exactly as received and the signature over docs/PROTOCOL.md §2's canonical bytes.
 *   <li>A holder's key binding proof: signer = holder authentication kid, method, nonce empty,
 *       timestamp 0, payload = the key binding bytes, signature = the proof.
 *   <li>An operator revocation: signer {@value #OPERATOR_SIGNER}, method {@value #OPERATOR_METHOD},
 *       a server nonce, payload = {@code OperatorRevocation} text, empty signature. Only a
 *       revocation may be authorised this way.
 * </ul>
 */
public record EventAuthorization(
    String signerKeyId,
    String method,
    String nonce,
    long timestampMillis,
    byte[] signedPayload,
    byte[] signature) {

  /** Signer kid of an operator revocation (never a valid kid of a DID or holder key). */
  public static final String OPERATOR_SIGNER = "operator";

  /** Method of an operator revocation. */
  public static final String OPERATOR_METHOD = "operator-revocation";

  public EventAuthorization {
    Objects.requireNonNull(signerKeyId);
    Objects.requireNonNull(method);
    Objects.requireNonNull(nonce);
    signedPayload = signedPayload.clone();
    signature = signature.clone();
  }

  @Override
  public byte[] signedPayload() {
    return signedPayload.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  public boolean isOperator() {
    return OPERATOR_SIGNER.equals(signerKeyId) && OPERATOR_METHOD.equals(method);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EventAuthorization other
        && signerKeyId.equals(other.signerKeyId)
        && method.equals(other.method)
        && nonce.equals(other.nonce)
        && timestampMillis == other.timestampMillis
        && java.util.Arrays.equals(signedPayload, other.signedPayload)
        && java.util.Arrays.equals(signature, other.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(signerKeyId, method, nonce, timestampMillis);
  }

  @Override
  public String toString() {
    return "EventAuthorization[signer="
        + signerKeyId
        + ", method="
        + method
        + ", nonce="
        + nonce
        + "]";
  }
}
