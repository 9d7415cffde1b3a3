package org.credrelay.testsupport.connector;

import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.e2ecrypto.signing.InMemoryNonceStore;
import org.credrelay.e2ecrypto.signing.RequestSignatureException;
import org.credrelay.e2ecrypto.signing.RequestSignatureHeaders;
import org.credrelay.e2ecrypto.signing.RequestVerifier;
import org.credrelay.proto.connector.v1.AddConnectionFromTokenRequest;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc;

/**
 * Checks signed requests as the real connector does (threat model S7), with e2e-crypto's verifier
 * and 5 minutes of allowed clock skew. The key comes from the DID's ACTIVE authentication keys for
 * a participant, from the request itself for AddConnectionFromToken, and from the holders that
 * accepted a connection otherwise. Every refusal is UNAUTHENTICATED.
 */
final class FakeAuthenticator {

  private static final String ADD_CONNECTION =
      ConnectorServiceGrpc.getAddConnectionFromTokenMethod().getFullMethodName();

  /** Who signed a request: a participant (by DID) or a holder (by authentication key id). */
  record Caller(String id, boolean participant) {}

  private final RequestVerifier verifier;
  private final DidKeys didKeys;
  private final Function<String, PublicKeyJwk> holderKeys;

  FakeAuthenticator(Clock clock, DidKeys didKeys, Function<String, PublicKeyJwk> holderKeys) {
    this.verifier =
        new RequestVerifier(clock, new InMemoryNonceStore(clock), Duration.ofMinutes(5));
    this.didKeys = didKeys;
    this.holderKeys = holderKeys;
  }

  Caller authenticate(String method, byte[] requestBytes, Map<String, String> metadata) {
    String keyId = metadata.get(RequestSignatureHeaders.KEY_ID);
    if (keyId == null || keyId.isEmpty()) {
      throw FakeErrors.unauthenticated("request is not signed (x-credrelay-key-id missing)");
    }
    String did = metadata.get(RequestSignatureHeaders.DID);
    PublicKeyJwk key;
    Caller caller;
    if (did != null) {
      key =
          didKeys.activeKeys(did).stream()
              .filter(k -> k.use() == KeyUse.AUTHENTICATION && k.kid().equals(keyId))
              .findFirst()
              .orElseThrow(
                  () ->
                      FakeErrors.unauthenticated(
                          "x-credrelay-key-id is not an ACTIVE authentication key of the DID"));
      caller = new Caller(did, true);
    } else if (method.equals(ADD_CONNECTION)) {
      key = presentedKey(requestBytes);
      caller = new Caller(key.thumbprint(), false);
    } else {
      key = holderKeys.apply(keyId);
      if (key == null) {
        throw FakeErrors.unauthenticated("unknown holder key (accept a connection first)");
      }
      caller = new Caller(keyId, false);
    }
    try {
      verifier.verify(method, requestBytes, metadata, key);
    } catch (RequestSignatureException e) {
      throw FakeErrors.unauthenticated("request signature refused: " + e.reason());
    }
    return caller;
  }

  private static PublicKeyJwk presentedKey(byte[] requestBytes) {
    try {
      return parse(
          AddConnectionFromTokenRequest.parseFrom(requestBytes)
              .getHolderAuthenticationKey()
              .getJwk(),
          KeyUse.AUTHENTICATION,
          "holder_authentication_key");
    } catch (InvalidProtocolBufferException e) {
      throw FakeErrors.invalid("request is not an AddConnectionFromTokenRequest");
    }
  }

  /**
   * A holder key from the wire, INVALID_ARGUMENT if it is not a valid public key for {@code use}.
   */
  static PublicKeyJwk parse(String jwk, KeyUse use, String field) {
    try {
      PublicKeyJwk key = PublicKeyJwk.parse(jwk, use);
      if (!key.kid().equals(key.thumbprint())) {
        throw FakeErrors.invalid(field + ": kid must be the RFC 7638 thumbprint");
      }
      return key;
    } catch (KeyRejectedException | IllegalArgumentException e) {
      throw FakeErrors.invalid(field + ": " + e.getMessage());
    }
  }
}
