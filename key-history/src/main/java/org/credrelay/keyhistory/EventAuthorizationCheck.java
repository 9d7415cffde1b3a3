package org.credrelay.keyhistory;

import static org.credrelay.keyhistory.KeyHistoryException.Problem.BAD_SIGNATURE;
import static org.credrelay.keyhistory.KeyHistoryException.Problem.OPERATOR_EVENT_REFUSED;
import static org.credrelay.keyhistory.KeyHistoryException.Problem.PAYLOAD_MISMATCH;
import static org.credrelay.keyhistory.KeyHistoryException.Problem.REUSED_AUTHORIZATION;
import static org.credrelay.keyhistory.KeyHistoryException.Problem.SIGNER_NOT_AUTHORISED;

import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.e2ecrypto.signing.KeyBinding;
import org.credrelay.e2ecrypto.signing.RequestSignatureException;
import org.credrelay.e2ecrypto.signing.RequestSignatureHeaders;
import org.credrelay.e2ecrypto.signing.RequestVerifier;
import org.credrelay.keyhistory.VerifiedKeyHistory.KeyState;
import org.credrelay.proto.keyregistry.v1.AddDidKeyRequest;
import org.credrelay.proto.keyregistry.v1.KeyRegistryServiceGrpc;
import org.credrelay.proto.keyregistry.v1.RegisterDidRequest;
import org.credrelay.proto.keyregistry.v1.RevokeDidKeyRequest;
import org.credrelay.proto.keyregistry.v1.RotateConnectionKeyRequest;
import org.credrelay.proto.keyregistry.v1.RotateDidKeyRequest;

/**
 * Checks that one event of a log was authorised, in the state of the log before it. One instance
 * per verification (it remembers which authorisations were used).
 */
final class EventAuthorizationCheck {

  private static final String REGISTER_DID =
      KeyRegistryServiceGrpc.getRegisterDidMethod().getFullMethodName();
  private static final String ADD_DID_KEY =
      KeyRegistryServiceGrpc.getAddDidKeyMethod().getFullMethodName();
  private static final String ROTATE_DID_KEY =
      KeyRegistryServiceGrpc.getRotateDidKeyMethod().getFullMethodName();
  private static final String REVOKE_DID_KEY =
      KeyRegistryServiceGrpc.getRevokeDidKeyMethod().getFullMethodName();
  private static final String ROTATE_CONNECTION_KEY =
      KeyRegistryServiceGrpc.getRotateConnectionKeyMethod().getFullMethodName();

  private final KeyOwner owner;
  private final boolean acceptOperatorRevocations;
  private final Set<String> used = new HashSet<>();
  private String current;
  private boolean inFirstRun = true;

  EventAuthorizationCheck(KeyOwner owner, boolean acceptOperatorRevocations) {
    this.owner = owner;
    this.acceptOperatorRevocations = acceptOperatorRevocations;
  }

  void check(KeyEvent event, Map<String, KeyState> keys) throws KeyHistoryException {
    trackRun(event);
    EventAuthorization auth = event.authorization();
    if (auth.isOperator() || EventAuthorization.OPERATOR_SIGNER.equals(auth.signerKeyId())) {
      operator(event);
    } else if (owner.type() == OwnerType.CONNECTION
        && ROTATE_CONNECTION_KEY.equals(auth.method())) {
      connectionRotation(event, keys);
    } else if (owner.type() == OwnerType.CONNECTION) {
      keyBinding(event, keys);
    } else {
      signedRequest(event, keys);
    }
  }

  /** One signed request may authorise several events, but only a contiguous run of them. */
  private void trackRun(KeyEvent event) throws KeyHistoryException {
    EventAuthorization auth = event.authorization();
    String identity =
        auth.signerKeyId()
            + "\n"
            + auth.method()
            + "\n"
            + auth.nonce()
            + "\n"
            + auth.timestampMillis()
            + "\n"
            + Base64.getEncoder().encodeToString(auth.signature());
    if (identity.equals(current)) {
      return;
    }
    if (!used.add(identity)) {
      throw new KeyHistoryException(
          REUSED_AUTHORIZATION,
          event.sequence(),
          "this authorisation was used by an earlier, separate run of events");
    }
    inFirstRun = current == null;
    current = identity;
  }

  private void operator(KeyEvent event) throws KeyHistoryException {
    EventAuthorization auth = event.authorization();
    if (!acceptOperatorRevocations
        || !auth.isOperator()
        || event.type() != KeyEventType.REVOKED
        || auth.signature().length != 0) {
      throw new KeyHistoryException(
          OPERATOR_EVENT_REFUSED,
          event.sequence(),
          "operator events are accepted only as revocations, and only if enabled");
    }
    String payload = new String(auth.signedPayload(), java.nio.charset.StandardCharsets.UTF_8);
    String expectedStart =
        new String(
            OperatorRevocation.payload(owner.id(), event.keyId(), ""),
            java.nio.charset.StandardCharsets.UTF_8);
    if (!payload.startsWith(expectedStart)) {
      throw new KeyHistoryException(
          PAYLOAD_MISMATCH, event.sequence(), "the operator revocation names another owner or key");
    }
  }

  private void keyBinding(KeyEvent event, Map<String, KeyState> keys) throws KeyHistoryException {
    EventAuthorization auth = event.authorization();
    String[] lines =
        new String(auth.signedPayload(), java.nio.charset.StandardCharsets.US_ASCII)
            .split("\n", -1);
    if (!inFirstRun
        || !auth.method().isEmpty()
        || lines.length != 4
        || !lines[0].equals(KeyBinding.VERSION)
        || !Arrays.equals(auth.signedPayload(), KeyBinding.bytes(lines[1], lines[2], lines[3]))
        || !auth.signerKeyId().equals(lines[2])
        || event.type() != KeyEventType.ADDED) {
      throw new KeyHistoryException(
          PAYLOAD_MISMATCH,
          event.sequence(),
          "connection keys are only added, once, by the holder's key binding proof");
    }
    boolean first = event.sequence() == 1;
    String expectedKid = first ? lines[2] : lines[3];
    KeyUsage expectedUsage = first ? KeyUsage.AUTHENTICATION : KeyUsage.COMMUNICATION;
    if (event.sequence() > 2
        || !event.keyId().equals(expectedKid)
        || event.usage() != expectedUsage) {
      throw new KeyHistoryException(
          PAYLOAD_MISMATCH,
          event.sequence(),
          "the key binding covers the holder's authentication key, then its communication key");
    }
    PublicKeyJwk signer = first ? ProtoEvents.publicKey(event) : activeSigner(event, keys);
    if (!signer.verifySignature(auth.signedPayload(), auth.signature())) {
      throw new KeyHistoryException(
          BAD_SIGNATURE, event.sequence(), "key binding proof does not verify");
    }
  }

  /**
   * A holder key rotation: RotateConnectionKey signed by the connection's authentication key (the
   * only authentication key a connection log adds), describing exactly this ROTATED event.
   */
  private void connectionRotation(KeyEvent event, Map<String, KeyState> keys)
      throws KeyHistoryException {
    RotateConnectionKeyRequest request;
    try {
      request = RotateConnectionKeyRequest.parseFrom(event.authorization().signedPayload());
    } catch (InvalidProtocolBufferException e) {
      throw new KeyHistoryException(
          PAYLOAD_MISMATCH, event.sequence(), "payload is not the request");
    }
    require(
        event,
        request.getConnectionId().equals(owner.id())
            && event.type() == KeyEventType.ROTATED
            && event.usage() == KeyUsage.COMMUNICATION
            && request.getOldKeyId().equals(event.replacedKeyId())
            && sameKey(request.getNewCommunicationKey().getJwk(), event));
    verifyRequestSignature(event, activeSigner(event, keys));
  }

  private void signedRequest(KeyEvent event, Map<String, KeyState> keys)
      throws KeyHistoryException {
    EventAuthorization auth = event.authorization();
    String method = auth.method();
    PublicKeyJwk signer;
    try {
      if (method.equals(REGISTER_DID)) {
        signer = registration(event, keys, RegisterDidRequest.parseFrom(auth.signedPayload()));
      } else if (method.equals(ADD_DID_KEY)) {
        AddDidKeyRequest request = AddDidKeyRequest.parseFrom(auth.signedPayload());
        require(
            event,
            request.getDid().equals(owner.id())
                && event.type() == KeyEventType.ADDED
                && request.getUsageValue() == usageNumber(event.usage())
                && sameKey(request.getPublicKey().getJwk(), event));
        signer = activeSigner(event, keys);
      } else if (method.equals(ROTATE_DID_KEY)) {
        RotateDidKeyRequest request = RotateDidKeyRequest.parseFrom(auth.signedPayload());
        require(
            event,
            request.getDid().equals(owner.id())
                && event.type() == KeyEventType.ROTATED
                && request.getOldKeyId().equals(event.replacedKeyId())
                && sameKey(request.getNewPublicKey().getJwk(), event));
        signer = activeSigner(event, keys);
      } else if (method.equals(REVOKE_DID_KEY)) {
        RevokeDidKeyRequest request = RevokeDidKeyRequest.parseFrom(auth.signedPayload());
        require(
            event,
            request.getDid().equals(owner.id())
                && event.type() == KeyEventType.REVOKED
                && request.getKeyId().equals(event.keyId()));
        signer = activeSigner(event, keys);
      } else {
        throw new KeyHistoryException(
            PAYLOAD_MISMATCH, event.sequence(), "unknown method " + method);
      }
    } catch (InvalidProtocolBufferException e) {
      throw new KeyHistoryException(
          PAYLOAD_MISMATCH, event.sequence(), "payload is not the request");
    }
    verifyRequestSignature(event, signer);
  }

  /**
   * RegisterDid authorises the initial run of ADDED events; the first one adds the signer itself.
   */
  private PublicKeyJwk registration(
      KeyEvent event, Map<String, KeyState> keys, RegisterDidRequest request)
      throws KeyHistoryException {
    require(
        event,
        inFirstRun && request.getDid().equals(owner.id()) && event.type() == KeyEventType.ADDED);
    PublicKeyJwk authenticationKey =
        parse(request.getAuthenticationKey().getJwk(), KeyUsage.AUTHENTICATION, event);
    require(event, authenticationKey.kid().equals(event.authorization().signerKeyId()));
    if (event.sequence() == 1) {
      require(event, event.usage() == KeyUsage.AUTHENTICATION && sameKey(authenticationKey, event));
      return authenticationKey;
    }
    boolean listed = false;
    for (var key : request.getCommunicationKeysList()) {
      listed |= event.usage() == KeyUsage.COMMUNICATION && sameKey(key.getJwk(), event);
    }
    require(event, listed);
    return activeSigner(event, keys);
  }

  /** The signer as the log knows it: an authentication key of the owner, ACTIVE, none scheduled. */
  private static PublicKeyJwk activeSigner(KeyEvent event, Map<String, KeyState> keys)
      throws KeyHistoryException {
    KeyState signer = keys.get(event.authorization().signerKeyId());
    Instant at = event.occurredAt();
    if (signer == null
        || signer.usage() != KeyUsage.AUTHENTICATION
        || signer.addedAt().isAfter(at)
        || signer.revokedAt() != null) {
      throw new KeyHistoryException(
          SIGNER_NOT_AUTHORISED,
          event.sequence(),
          "signer "
              + event.authorization().signerKeyId()
              + " was not an ACTIVE authentication key of the owner at that point");
    }
    return signer.publicKey();
  }

  /** The request signature, checked with e2e-crypto's verifier at the signed instant. */
  private static void verifyRequestSignature(KeyEvent event, PublicKeyJwk signer)
      throws KeyHistoryException {
    EventAuthorization auth = event.authorization();
    Instant signedAt = Instant.ofEpochMilli(auth.timestampMillis());
    // Freshness and single use were the registry's checks when it accepted the request; here only
    // the signature matters, so the clock stands at the signed instant and every nonce is "new".
    RequestVerifier verifier =
        new RequestVerifier(
            Clock.fixed(signedAt, ZoneOffset.UTC),
            (keyId, nonce, expiresAt) -> true,
            Duration.ofSeconds(1));
    Map<String, String> metadata =
        Map.of(
            RequestSignatureHeaders.KEY_ID, auth.signerKeyId(),
            RequestSignatureHeaders.NONCE, auth.nonce(),
            RequestSignatureHeaders.TIMESTAMP, Long.toString(auth.timestampMillis()),
            RequestSignatureHeaders.SIGNATURE,
                Base64.getUrlEncoder().withoutPadding().encodeToString(auth.signature()));
    try {
      verifier.verify(auth.method(), auth.signedPayload(), metadata, signer);
    } catch (RequestSignatureException e) {
      throw new KeyHistoryException(BAD_SIGNATURE, event.sequence(), e.getMessage());
    }
  }

  private static boolean sameKey(String jwk, KeyEvent event) throws KeyHistoryException {
    return sameKey(parse(jwk, event.usage(), event), event);
  }

  private static boolean sameKey(PublicKeyJwk key, KeyEvent event) throws KeyHistoryException {
    return key.equals(ProtoEvents.publicKey(event));
  }

  private static PublicKeyJwk parse(String jwk, KeyUsage usage, KeyEvent event)
      throws KeyHistoryException {
    try {
      return PublicKeyJwk.parse(jwk, usage.cryptoUse());
    } catch (KeyRejectedException e) {
      throw new KeyHistoryException(
          PAYLOAD_MISMATCH,
          event.sequence(),
          "the signed request's key does not parse as this event's key: " + e.getMessage());
    }
  }

  private static int usageNumber(KeyUsage usage) {
    return usage == KeyUsage.COMMUNICATION ? 1 : 2;
  }

  private static void require(KeyEvent event, boolean condition) throws KeyHistoryException {
    if (!condition) {
      throw new KeyHistoryException(
          PAYLOAD_MISMATCH, event.sequence(), "the signed request does not describe this event");
    }
  }
}
