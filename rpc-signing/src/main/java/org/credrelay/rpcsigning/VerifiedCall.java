package org.credrelay.rpcsigning;

import io.grpc.Context;
import java.time.Instant;
import java.util.Optional;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;

/**
 * A call whose request signature, timestamp and nonce were accepted by the {@link
 * SignatureVerifyingInterceptor}; the service method reads it with {@link #current()}.
 *
 * @param method full gRPC method name
 * @param did the {@code x-credrelay-did} entry, or null
 * @param keyId the {@code x-credrelay-key-id} entry
 * @param signerKey the key the signature verified with (from the {@link SignerKeyResolver})
 * @param nonce the nonce, now used up
 * @param timestamp the signed timestamp
 * @param requestBytes the request bytes exactly as received and signed
 * @param signature the raw signature bytes
 */
public record VerifiedCall(
    String method,
    String did,
    String keyId,
    PublicKeyJwk signerKey,
    String nonce,
    Instant timestamp,
    byte[] requestBytes,
    byte[] signature) {

  static final Context.Key<VerifiedCall> CONTEXT_KEY = Context.key("credrelay-verified-call");

  /**
   * Keeps {@code requestBytes} and {@code signature} as given, without a copy: the caller hands
   * them over (the interceptor passes the bytes it received, which nothing else holds). A
   * SendMessages body is up to the server's inbound limit (8 MiB), and a copy of it per call was a
   * large share of the connector's allocation (docs/PERFORMANCE.md). The accessors still return
   * copies, so no reader can change what another reads.
   */
  public VerifiedCall {
    java.util.Objects.requireNonNull(requestBytes, "requestBytes");
    java.util.Objects.requireNonNull(signature, "signature");
  }

  @Override
  public byte[] requestBytes() {
    return requestBytes.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /**
   * The verified call being served.
   *
   * @throws IllegalStateException if the current method is not signed or not behind the interceptor
   */
  public static VerifiedCall current() {
    VerifiedCall call = CONTEXT_KEY.get();
    if (call == null) {
      throw new IllegalStateException("no verified signed call in this gRPC context");
    }
    return call;
  }

  /** The verified call being served, or empty outside a signed call. */
  public static Optional<VerifiedCall> find() {
    return Optional.ofNullable(CONTEXT_KEY.get());
  }

  @Override
  public String toString() {
    return "VerifiedCall[" + method + ", kid=" + keyId + ", " + requestBytes.length + " bytes]";
  }
}
