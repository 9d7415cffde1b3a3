package org.credrelay.rpcsigning;

import io.grpc.Context;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The nonce of a verified call that the service records itself, in the same database statement as
 * the call's first write (decision 0047-connsend), instead of the {@link
 * SignatureVerifyingInterceptor} recording it in a round trip of its own before the method starts.
 * Only rpcs the interceptor was told record their nonce get one ({@link #current()}).
 *
 * <p>The service must record it before any effect of the call, as {@link SingleUseIdStore} would
 * (row {@link #storedId()} until {@link #expiresAt()}, {@code INSERT ... ON CONFLICT DO NOTHING}),
 * refuse the call with REPLAYED_NONCE when the row existed, and then call {@link #markRecorded()}.
 * A call that ends without the service having recorded it (refused before its first write, or a
 * path that writes nothing) has its nonce recorded by the interceptor when the call closes, so
 * every signed call still uses up its nonce.
 */
public final class DeferredNonce {

  static final Context.Key<DeferredNonce> CONTEXT_KEY = Context.key("credrelay-deferred-nonce");

  private final String keyId;
  private final String nonce;
  private final Instant expiresAt;
  private final AtomicBoolean recorded = new AtomicBoolean();

  /**
   * Made by the interceptor for a verified call; public for tests of the services that record it.
   */
  public DeferredNonce(String keyId, String nonce, Instant expiresAt) {
    this.keyId = keyId;
    this.nonce = nonce;
    this.expiresAt = expiresAt;
  }

  /** The nonce of the call being served, if this rpc records its own nonce. */
  public static Optional<DeferredNonce> current() {
    return Optional.ofNullable(CONTEXT_KEY.get());
  }

  /** The id column's value, in {@link SingleUseIdStore}'s format: key id, a space, the nonce. */
  public String storedId() {
    return SingleUseIdStore.nonceId(keyId, nonce);
  }

  /** Until when the nonce must be kept (the signed timestamp plus the accepted window). */
  public Instant expiresAt() {
    return expiresAt;
  }

  /** The service recorded the nonce (and it was fresh); the interceptor will not record it. */
  public void markRecorded() {
    recorded.set(true);
  }

  /** Whether the service recorded the nonce. */
  public boolean isRecorded() {
    return recorded.get();
  }

  String keyId() {
    return keyId;
  }

  String nonce() {
    return nonce;
  }

  @Override
  public String toString() {
    return "DeferredNonce[kid=" + keyId + ", recorded=" + recorded.get() + "]";
  }
}
