package org.credrelay.keyhistory;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.signing.RequestSignatureHeaders;
import org.credrelay.e2ecrypto.signing.RequestSigner;
import org.credrelay.proto.common.v1.PublicKey;
import org.credrelay.proto.keyregistry.v1.AddDidKeyRequest;
import org.credrelay.proto.keyregistry.v1.KeyRegistryServiceGrpc;
import org.credrelay.proto.keyregistry.v1.RegisterDidRequest;
import org.credrelay.proto.keyregistry.v1.RevokeDidKeyRequest;
import org.credrelay.proto.keyregistry.v1.RotateDidKeyRequest;

/**
 * Builds a DID's key event log the way the registry writes it: each event is authorised by a
 * request really signed with e2e-crypto's {@link RequestSigner} and hashed with {@link
 * KeyEventHashing}, then served in its protobuf form. Public in this module's test jar, so that
 * clients of the verifier (wallet, gateway) test against real logs.
 */
public final class DidLogBuilder {

  private final KeyOwner owner;
  private final SecureRandom random;
  private final List<KeyEvent> events = new ArrayList<>();
  private Instant now;

  public DidLogBuilder(String did) {
    this(did, Instant.parse("2026-01-01T00:00:00Z"), new SecureRandom());
  }

  /**
   * A log whose first event is one minute after {@code start} (each signed change one minute after
   * the one before) and whose request nonces come from {@code random}: with fixed values, the same
   * log byte for byte (the published test vectors use this).
   */
  public DidLogBuilder(String did, Instant start, SecureRandom random) {
    this.owner = new KeyOwner(OwnerType.DID, did);
    this.now = start;
    this.random = random;
  }

  public KeyOwner owner() {
    return owner;
  }

  public DidLogBuilder register(KeyPairJwk authentication, KeyPairJwk communication) {
    RegisterDidRequest request =
        RegisterDidRequest.newBuilder()
            .setDid(owner.id())
            .setAuthenticationKey(jwk(authentication))
            .addCommunicationKeys(jwk(communication))
            .build();
    EventAuthorization auth =
        sign(
            authentication,
            KeyRegistryServiceGrpc.getRegisterDidMethod().getFullMethodName(),
            request);
    append(KeyEventType.ADDED, authentication, KeyUsage.AUTHENTICATION, null, null, auth);
    append(KeyEventType.ADDED, communication, KeyUsage.COMMUNICATION, null, null, auth);
    return this;
  }

  public DidLogBuilder addAuthenticationKey(KeyPairJwk signer, KeyPairJwk added) {
    AddDidKeyRequest request =
        AddDidKeyRequest.newBuilder()
            .setDid(owner.id())
            .setUsage(org.credrelay.proto.common.v1.KeyUsage.KEY_USAGE_AUTHENTICATION)
            .setPublicKey(jwk(added))
            .build();
    append(
        KeyEventType.ADDED,
        added,
        KeyUsage.AUTHENTICATION,
        null,
        null,
        sign(signer, KeyRegistryServiceGrpc.getAddDidKeyMethod().getFullMethodName(), request));
    return this;
  }

  /** Rotates a communication key; the old one is revoked at once (no grace period). */
  public DidLogBuilder rotateCommunicationKey(
      KeyPairJwk signer, KeyPairJwk old, KeyPairJwk replacement) {
    RotateDidKeyRequest request =
        RotateDidKeyRequest.newBuilder()
            .setDid(owner.id())
            .setOldKeyId(old.kid())
            .setNewPublicKey(jwk(replacement))
            .build();
    EventAuthorization auth =
        sign(signer, KeyRegistryServiceGrpc.getRotateDidKeyMethod().getFullMethodName(), request);
    append(KeyEventType.ROTATED, replacement, KeyUsage.COMMUNICATION, old.kid(), now, auth);
    return this;
  }

  public DidLogBuilder revoke(KeyPairJwk signer, KeyPairJwk revoked, KeyUsage usage) {
    RevokeDidKeyRequest request =
        RevokeDidKeyRequest.newBuilder()
            .setDid(owner.id())
            .setKeyId(revoked.kid())
            .setReason("retired")
            .build();
    append(
        KeyEventType.REVOKED,
        revoked,
        usage,
        null,
        null,
        sign(signer, KeyRegistryServiceGrpc.getRevokeDidKeyMethod().getFullMethodName(), request));
    return this;
  }

  /** A revocation by the registry operator: no signature, the operator payload. */
  public DidLogBuilder operatorRevoke(KeyPairJwk revoked, KeyUsage usage) {
    tick();
    append(
        KeyEventType.REVOKED,
        revoked,
        usage,
        null,
        null,
        new EventAuthorization(
            EventAuthorization.OPERATOR_SIGNER,
            EventAuthorization.OPERATOR_METHOD,
            "server-nonce",
            now.toEpochMilli(),
            OperatorRevocation.payload(owner.id(), revoked.kid(), "compromised"),
            new byte[0]));
    return this;
  }

  /** The domain events written so far (hashed, chained). */
  public List<KeyEvent> events() {
    return List.copyOf(events);
  }

  public LogHead head() {
    return events.isEmpty() ? LogHead.EMPTY : events.get(events.size() - 1).head();
  }

  /** The log as {@code GetKeyHistory} serves it. */
  public List<org.credrelay.proto.keyregistry.v1.KeyEvent> served() {
    return served(events);
  }

  public static List<org.credrelay.proto.keyregistry.v1.KeyEvent> served(List<KeyEvent> events) {
    return events.stream().map(DidLogBuilder::toProto).toList();
  }

  /**
   * {@code events} re-numbered from 1 and re-hashed into a consistent chain: what a registry that
   * rewrites history can serve (every event still carries its genuine signed authorisation).
   */
  public static List<KeyEvent> rechained(List<KeyEvent> events) {
    List<KeyEvent> result = new ArrayList<>();
    LogHead head = LogHead.EMPTY;
    for (KeyEvent e : events) {
      KeyEvent next =
          KeyEvent.next(
              e.owner(),
              head,
              e.type(),
              e.keyId(),
              e.usage(),
              e.publicJwk(),
              e.replacedKeyId(),
              e.replacedKeyRevokedAt(),
              e.occurredAt(),
              e.authorization());
      result.add(next);
      head = next.head();
    }
    return result;
  }

  private Instant tick() {
    now = now.plusSeconds(60);
    return now;
  }

  private void append(
      KeyEventType type,
      KeyPairJwk key,
      KeyUsage usage,
      String replacedKeyId,
      Instant replacedKeyRevokedAt,
      EventAuthorization auth) {
    events.add(
        KeyEvent.next(
            owner,
            head(),
            type,
            key.kid(),
            usage,
            key.publicKey().toJson(),
            replacedKeyId,
            replacedKeyRevokedAt,
            now,
            auth));
  }

  /** A real request signature at a new instant, recorded as the registry records it. */
  private EventAuthorization sign(KeyPairJwk signer, String method, Message request) {
    Instant at = tick();
    byte[] payload = request.toByteArray();
    Map<String, String> headers =
        new RequestSigner(signer, owner.id(), Clock.fixed(at, ZoneOffset.UTC), random)
            .sign(method, payload);
    return new EventAuthorization(
        signer.kid(),
        method,
        headers.get(RequestSignatureHeaders.NONCE),
        at.toEpochMilli(),
        payload,
        Base64.getUrlDecoder().decode(headers.get(RequestSignatureHeaders.SIGNATURE)));
  }

  private static PublicKey jwk(KeyPairJwk key) {
    return PublicKey.newBuilder().setJwk(key.publicKey().toJson()).build();
  }

  private static org.credrelay.proto.keyregistry.v1.KeyEvent toProto(KeyEvent event) {
    EventAuthorization auth = event.authorization();
    var builder =
        org.credrelay.proto.keyregistry.v1.KeyEvent.newBuilder()
            .setSequence(event.sequence())
            .setType(
                org.credrelay.proto.keyregistry.v1.KeyEventType.valueOf(
                    "KEY_EVENT_TYPE_" + event.type().name()))
            .setKeyId(event.keyId())
            .setUsage(
                org.credrelay.proto.common.v1.KeyUsage.valueOf("KEY_USAGE_" + event.usage().name()))
            .setPublicKey(PublicKey.newBuilder().setJwk(event.publicJwk()))
            .setOccurredAt(timestamp(event.occurredAt()))
            .setPreviousHash(event.previousHash())
            .setEventHash(event.eventHash())
            .setAuthorization(
                org.credrelay.proto.keyregistry.v1.EventAuthorization.newBuilder()
                    .setSignerKeyId(auth.signerKeyId())
                    .setMethod(auth.method())
                    .setNonce(auth.nonce())
                    .setTimestampMillis(auth.timestampMillis())
                    .setSignedPayload(ByteString.copyFrom(auth.signedPayload()))
                    .setSignature(ByteString.copyFrom(auth.signature())));
    if (event.replacedKeyId() != null) {
      builder
          .setReplacedKeyId(event.replacedKeyId())
          .setReplacedKeyRevokedAt(timestamp(event.replacedKeyRevokedAt()));
    }
    return builder.build();
  }

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }
}
