package org.credrelay.connector.auth.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.protobuf.InvalidProtocolBufferException;
import org.credrelay.connector.connection.service.HolderAuthenticationKeys;
import org.credrelay.connector.connection.service.HolderKeyParser;
import org.credrelay.connector.error.ConnectorException;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.keys.KeyOwner;
import org.credrelay.connector.keys.RegistryKey;
import org.credrelay.connector.keys.service.KeyRegistryClient;
import org.credrelay.connector.participant.Dids;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.KidPolicy;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.proto.connector.v1.AddConnectionFromTokenRequest;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc;
import org.credrelay.rpcsigning.SignedCall;
import org.credrelay.rpcsigning.SignerKeyResolver;
import org.springframework.stereotype.Service;

/**
 * Which key must have signed a connector request (threat model S7), for rpc-signing's {@link
 * org.credrelay.rpcsigning.SignatureVerifyingInterceptor}, which then checks signature, timestamp
 * and nonce with it. The key comes from:
 *
 * <ul>
 *   <li>a participant ({@code x-credrelay-did} present): the key registry's ACTIVE authentication
 *       key of that DID named by {@code x-credrelay-key-id};
 *   <li>AddConnectionFromToken (no DID): the authentication key presented in the request itself,
 *       whose thumbprint must be the key id (proof of possession);
 *   <li>any other holder request: the holder key recorded when the holder accepted a connection.
 * </ul>
 *
 * Every refusal is UNAUTHENTICATED (UNAVAILABLE if the registry cannot be asked), with a message
 * that says which check failed but never echoes request content.
 */
@Service
public class SignerKeys implements SignerKeyResolver {

  static final String ADD_CONNECTION_FROM_TOKEN =
      ConnectorServiceGrpc.getAddConnectionFromTokenMethod().getFullMethodName();

  private final KeyRegistryClient registry;
  private final HolderAuthenticationKeys holders;
  private final HolderKeyParser holderKeys;

  /**
   * Parsed participant keys by JWK text. Parsing validates the point, which costs about as much as
   * checking a signature, and the same few keys sign almost every request. The text determines the
   * key, so a hit is always correct; whether the key may still be used is decided per request by
   * the registry lookup that produces the text.
   */
  private final Cache<String, PublicKeyJwk> parsedKeys =
      Caffeine.newBuilder().maximumSize(10_000).build();

  public SignerKeys(
      KeyRegistryClient registry, HolderAuthenticationKeys holders, HolderKeyParser holderKeys) {
    this.registry = registry;
    this.holders = holders;
    this.holderKeys = holderKeys;
  }

  @Override
  public PublicKeyJwk signerKey(SignedCall call) {
    String did = call.did();
    if (did != null) {
      if (!Dids.isValid(did)) {
        throw new ConnectorException(
            ErrorReason.MALFORMED_SIGNATURE_METADATA, "x-credrelay-did is not a valid DID");
      }
      return participantKey(did, call.keyId());
    }
    if (call.method().equals(ADD_CONNECTION_FROM_TOKEN)) {
      return presentedKey(call.requestBytes());
    }
    return holderKey(call.keyId());
  }

  private PublicKeyJwk participantKey(String did, String keyId) {
    RegistryKey registered =
        registry
            .activeKey(new KeyOwner.Did(did), KeyUse.AUTHENTICATION, keyId)
            .orElseThrow(
                () ->
                    ConnectorException.unauthenticated(
                        "x-credrelay-key-id is not an ACTIVE authentication key of the DID"));
    PublicKeyJwk key = parsedKeys.get(registered.publicJwk(), SignerKeys::registeredKey);
    return key.kid().equals(keyId) ? key : key.withKid(keyId);
  }

  private static PublicKeyJwk registeredKey(String jwk) {
    try {
      return PublicKeyJwk.parse(jwk, KeyUse.AUTHENTICATION, KidPolicy.ANY_WELL_FORMED);
    } catch (KeyRejectedException | IllegalArgumentException e) {
      throw ConnectorException.unauthenticated("registered key cannot verify signatures");
    }
  }

  private PublicKeyJwk presentedKey(byte[] requestBytes) {
    AddConnectionFromTokenRequest request;
    try {
      request = AddConnectionFromTokenRequest.parseFrom(requestBytes);
    } catch (InvalidProtocolBufferException e) {
      throw ConnectorException.invalid("request is not an AddConnectionFromTokenRequest");
    }
    return holderKeys.parse(
        request.getHolderAuthenticationKey().getJwk(),
        KeyUse.AUTHENTICATION,
        "holder_authentication_key");
  }

  private PublicKeyJwk holderKey(String keyId) {
    return holders
        .find(keyId)
        .orElseThrow(
            () ->
                ConnectorException.unauthenticated(
                    "unknown holder key (accept a connection first)"));
  }
}
