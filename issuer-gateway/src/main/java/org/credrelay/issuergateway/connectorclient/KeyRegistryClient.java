package org.credrelay.issuergateway.connectorclient;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.e2ecrypto.signing.RequestSigner;
import org.credrelay.issuergateway.config.UpstreamProperties;
import org.credrelay.keyhistory.KeyLogReader;
import org.credrelay.proto.common.v1.KeyUsage;
import org.credrelay.proto.common.v1.PublicKey;
import org.credrelay.proto.keyregistry.v1.AddDidKeyRequest;
import org.credrelay.proto.keyregistry.v1.GetActiveKeysRequest;
import org.credrelay.proto.keyregistry.v1.GetDidRequest;
import org.credrelay.proto.keyregistry.v1.GetDidResponse;
import org.credrelay.proto.keyregistry.v1.GetKeyHistoryRequest;
import org.credrelay.proto.keyregistry.v1.KeyRegistryServiceGrpc;
import org.credrelay.proto.keyregistry.v1.KeyRegistryServiceGrpc.KeyRegistryServiceBlockingStub;
import org.credrelay.proto.keyregistry.v1.RegisterDidRequest;
import org.credrelay.proto.keyregistry.v1.RegisteredKey;
import org.credrelay.proto.keyregistry.v1.RevokeDidKeyRequest;
import org.credrelay.proto.keyregistry.v1.RotateDidKeyRequest;
import org.credrelay.rpcsigning.RequestSigningInterceptor;
import org.springframework.stereotype.Component;

/**
 * The key registry for issuers: mutating calls are signed ({@code RegisterDid} by the key being
 * registered, {@code RotateDidKey} by the DID's ACTIVE authentication key), lookups are public.
 */
@Component
public class KeyRegistryClient {

  private final Channel channel;
  private final Clock clock;
  private final SecureRandom random;
  private final long deadlineMillis;

  KeyRegistryClient(
      UpstreamChannels channels, UpstreamProperties properties, Clock clock, SecureRandom random) {
    this.channel = channels.open(properties.keyRegistryChannel());
    this.clock = clock;
    this.random = random;
    this.deadlineMillis = properties.deadline().toMillis();
  }

  /** Registers {@code did} with its first authentication key, signed by that key (possession). */
  public void registerDid(
      String did, KeyPairJwk authenticationKey, List<PublicKeyJwk> communicationKeys) {
    RegisterDidRequest.Builder request =
        RegisterDidRequest.newBuilder()
            .setDid(did)
            .setAuthenticationKey(jwk(authenticationKey.publicKey()));
    communicationKeys.forEach(key -> request.addCommunicationKeys(jwk(key)));
    signedBy(authenticationKey, did).registerDid(request.build());
  }

  /** Adds {@code key} as a further ACTIVE key of {@code did}, signed by {@code signer}. */
  public void addDidKey(String did, KeyPairJwk signer, KeyUsage usage, PublicKeyJwk key) {
    signedBy(signer, did)
        .addDidKey(
            AddDidKeyRequest.newBuilder()
                .setDid(did)
                .setUsage(usage)
                .setPublicKey(jwk(key))
                .build());
  }

  /**
   * Replaces {@code oldKeyId} by {@code newKey} (same usage), signed by {@code signer}; the old key
   * stays ACTIVE for {@code gracePeriod} (zero: the registry's default).
   */
  public void rotateDidKey(
      String did,
      KeyPairJwk signer,
      String oldKeyId,
      PublicKeyJwk newKey,
      java.time.Duration gracePeriod) {
    signedBy(signer, did)
        .rotateDidKey(
            RotateDidKeyRequest.newBuilder()
                .setDid(did)
                .setOldKeyId(oldKeyId)
                .setNewPublicKey(jwk(newKey))
                .setGracePeriodSeconds(gracePeriod.toSeconds())
                .build());
  }

  /** Revokes {@code keyId} of {@code did} at once, signed by {@code signer}. */
  public void revokeDidKey(String did, KeyPairJwk signer, String keyId, String reason) {
    signedBy(signer, did)
        .revokeDidKey(
            RevokeDidKeyRequest.newBuilder().setDid(did).setKeyId(keyId).setReason(reason).build());
  }

  /** Public lookup of a DID with all its keys. */
  public GetDidResponse getDid(String did) {
    return KeyRegistryServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
        .getDid(GetDidRequest.newBuilder().setDid(did).build());
  }

  /**
   * The communication keys of a holder's connection that are ACTIVE now (public lookup by the
   * connector's connection id, under which the connector registered the keys the holder accepted
   * with).
   */
  public List<RegisteredKey> activeCommunicationKeys(String connectorConnectionId) {
    return KeyRegistryServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
        .getActiveKeys(
            GetActiveKeysRequest.newBuilder()
                .setConnectionId(connectorConnectionId)
                .setUsage(KeyUsage.KEY_USAGE_COMMUNICATION)
                .build())
        .getKeysList();
  }

  /**
   * The whole key event log of a holder's connection (public, page by page); {@link
   * org.credrelay.keyhistory.KeyHistoryVerifier} decides whether it is trustworthy.
   */
  public KeyLogReader.FetchedLog keyHistory(String connectorConnectionId) {
    KeyRegistryServiceBlockingStub stub = KeyRegistryServiceGrpc.newBlockingStub(channel);
    return KeyLogReader.readAll(
        from ->
            stub.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
                .getKeyHistory(
                    GetKeyHistoryRequest.newBuilder()
                        .setConnectionId(connectorConnectionId)
                        .setFromSequence(from)
                        .build()));
  }

  private KeyRegistryServiceBlockingStub signedBy(KeyPairJwk key, String did) {
    RequestSigner signer = new RequestSigner(key, did, clock, random);
    return KeyRegistryServiceGrpc.newBlockingStub(
            ClientInterceptors.intercept(channel, new RequestSigningInterceptor(signer)))
        .withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS);
  }

  private static PublicKey jwk(PublicKeyJwk key) {
    return PublicKey.newBuilder().setJwk(key.toJson()).build();
  }
}
