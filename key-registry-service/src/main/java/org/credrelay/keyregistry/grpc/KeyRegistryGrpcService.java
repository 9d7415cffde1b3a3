package org.credrelay.keyregistry.grpc;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.credrelay.keyhistory.KeyOwner;
import org.credrelay.keyhistory.KeyUsage;
import org.credrelay.keyregistry.auth.SignedRequest;
import org.credrelay.keyregistry.connection.ConnectionId;
import org.credrelay.keyregistry.connection.service.ConnectionKeyManager;
import org.credrelay.keyregistry.connection.service.ConnectionKeyRotationManager;
import org.credrelay.keyregistry.connection.service.RegisterConnectionKeysCommand;
import org.credrelay.keyregistry.did.Did;
import org.credrelay.keyregistry.did.service.DidKeyManager;
import org.credrelay.keyregistry.did.service.DidKeyParser;
import org.credrelay.keyregistry.did.service.RegisterDidCommand;
import org.credrelay.keyregistry.error.Reason;
import org.credrelay.keyregistry.error.RegistryException;
import org.credrelay.keyregistry.history.service.KeyHistoryManager;
import org.credrelay.keyregistry.key.KeyIds;
import org.credrelay.keyregistry.key.NewKey;
import org.credrelay.keyregistry.key.service.KeyLookupManager;
import org.credrelay.keyregistry.key.service.PublicKeyParser;
import org.credrelay.proto.common.v1.PublicKey;
import org.credrelay.proto.keyregistry.v1.AddDidKeyRequest;
import org.credrelay.proto.keyregistry.v1.AddDidKeyResponse;
import org.credrelay.proto.keyregistry.v1.GetActiveKeysRequest;
import org.credrelay.proto.keyregistry.v1.GetActiveKeysResponse;
import org.credrelay.proto.keyregistry.v1.GetDidRequest;
import org.credrelay.proto.keyregistry.v1.GetDidResponse;
import org.credrelay.proto.keyregistry.v1.GetKeyHistoryRequest;
import org.credrelay.proto.keyregistry.v1.GetKeyHistoryResponse;
import org.credrelay.proto.keyregistry.v1.GetKeyRequest;
import org.credrelay.proto.keyregistry.v1.GetKeyResponse;
import org.credrelay.proto.keyregistry.v1.KeyRegistryServiceGrpc;
import org.credrelay.proto.keyregistry.v1.RegisterConnectionKeysRequest;
import org.credrelay.proto.keyregistry.v1.RegisterConnectionKeysResponse;
import org.credrelay.proto.keyregistry.v1.RegisterDidRequest;
import org.credrelay.proto.keyregistry.v1.RegisterDidResponse;
import org.credrelay.proto.keyregistry.v1.RevokeDidKeyRequest;
import org.credrelay.proto.keyregistry.v1.RevokeDidKeyResponse;
import org.credrelay.proto.keyregistry.v1.RotateConnectionKeyRequest;
import org.credrelay.proto.keyregistry.v1.RotateConnectionKeyResponse;
import org.credrelay.proto.keyregistry.v1.RotateDidKeyRequest;
import org.credrelay.proto.keyregistry.v1.RotateDidKeyResponse;
import org.credrelay.rpcsigning.SignatureVerifyingInterceptor;
import org.springframework.stereotype.Component;

/**
 * The one gRPC transport of {@code KeyRegistryService}: checks the structure of each request
 * ({@link RequestProtoMapper}), turns it into typed values, calls the managers and maps the answer
 * ({@link KeyProtoMapper}, {@link KeyEventProtoMapper}). No rules live here. Errors are thrown as
 * {@link RegistryException} and mapped by {@link GrpcErrorMapper}. It implements the generated
 * {@code AsyncService} rather than extending {@code KeyRegistryServiceImplBase}, whose {@code
 * bindService()} is final: Spring gRPC serves it as bound by {@link #bindService()}, behind
 * rpc-signing's {@link SignatureVerifyingInterceptor}, which verifies every rpc the .proto declares
 * signed over the request bytes as received, before they are parsed; Spring gRPC adds its global
 * interceptors (error mapping, observation) around it.
 */
@Component
public class KeyRegistryGrpcService
    implements KeyRegistryServiceGrpc.AsyncService, BindableService {

  private final DidKeyManager didKeys;
  private final ConnectionKeyManager connectionKeys;
  private final ConnectionKeyRotationManager connectionKeyRotations;
  private final KeyLookupManager lookups;
  private final KeyHistoryManager history;
  private final PublicKeyParser keyParser;
  private final DidKeyParser didKeyParser;
  private final Clock clock;
  private final SignatureVerifyingInterceptor verification;

  public KeyRegistryGrpcService(
      DidKeyManager didKeys,
      ConnectionKeyManager connectionKeys,
      ConnectionKeyRotationManager connectionKeyRotations,
      KeyLookupManager lookups,
      KeyHistoryManager history,
      PublicKeyParser keyParser,
      DidKeyParser didKeyParser,
      Clock clock,
      SignatureVerifyingInterceptor verification) {
    this.didKeys = didKeys;
    this.connectionKeys = connectionKeys;
    this.connectionKeyRotations = connectionKeyRotations;
    this.lookups = lookups;
    this.history = history;
    this.keyParser = keyParser;
    this.didKeyParser = didKeyParser;
    this.clock = clock;
    this.verification = verification;
  }

  @Override
  public ServerServiceDefinition bindService() {
    return verification.protect(KeyRegistryServiceGrpc.bindService(this));
  }

  @Override
  public void registerDid(
      RegisterDidRequest request, StreamObserver<RegisterDidResponse> response) {
    Did did = Did.parse(request.getDid());
    if (request.getCommunicationKeysCount() > 10) {
      throw new RegistryException(Reason.TOO_MANY_KEYS, "at most 10 communication keys");
    }
    NewKey authentication =
        didKeyParser.forDid(
            RequestProtoMapper.jwk(
                request.hasAuthenticationKey(),
                request.getAuthenticationKey(),
                "authentication_key"),
            KeyUsage.AUTHENTICATION,
            did,
            "authentication_key");
    List<NewKey> communication = new ArrayList<>();
    for (int i = 0; i < request.getCommunicationKeysCount(); i++) {
      String field = "communication_keys[" + i + "]";
      PublicKey key = request.getCommunicationKeys(i);
      communication.add(
          didKeyParser.forDid(
              RequestProtoMapper.jwk(true, key, field), KeyUsage.COMMUNICATION, did, field));
    }
    var result =
        didKeys.register(
            new RegisterDidCommand(did, authentication, communication), SignedRequest.current());
    Instant now = clock.instant();
    reply(
        response,
        RegisterDidResponse.newBuilder()
            .addAllKeys(result.keys().stream().map(key -> KeyProtoMapper.key(key, now)).toList())
            .setHead(KeyEventProtoMapper.head(result.head()))
            .build());
  }

  @Override
  public void addDidKey(AddDidKeyRequest request, StreamObserver<AddDidKeyResponse> response) {
    Did did = Did.parse(request.getDid());
    KeyUsage usage = RequestProtoMapper.usage(request.getUsage(), "usage");
    NewKey key =
        didKeyParser.forDid(
            RequestProtoMapper.jwk(request.hasPublicKey(), request.getPublicKey(), "public_key"),
            usage,
            did,
            "public_key");
    var result = didKeys.addKey(did, key, SignedRequest.current());
    reply(
        response,
        AddDidKeyResponse.newBuilder()
            .setKey(KeyProtoMapper.key(result.key(), clock.instant()))
            .setHead(KeyEventProtoMapper.head(result.head()))
            .build());
  }

  @Override
  public void rotateDidKey(
      RotateDidKeyRequest request, StreamObserver<RotateDidKeyResponse> response) {
    Did did = Did.parse(request.getDid());
    String oldKeyId = KeyIds.requireWellFormed(request.getOldKeyId(), "old_key_id");
    NewKey newKey =
        didKeyParser.forDidAnyUsage(
            RequestProtoMapper.jwk(
                request.hasNewPublicKey(), request.getNewPublicKey(), "new_public_key"),
            did,
            "new_public_key");
    var result =
        didKeys.rotate(
            did, oldKeyId, newKey, request.getGracePeriodSeconds(), SignedRequest.current());
    Instant now = clock.instant();
    reply(
        response,
        RotateDidKeyResponse.newBuilder()
            .setNewKey(KeyProtoMapper.key(result.newKey(), now))
            .setOldKey(KeyProtoMapper.key(result.oldKey(), now))
            .setHead(KeyEventProtoMapper.head(result.head()))
            .build());
  }

  @Override
  public void revokeDidKey(
      RevokeDidKeyRequest request, StreamObserver<RevokeDidKeyResponse> response) {
    Did did = Did.parse(request.getDid());
    String keyId = KeyIds.requireWellFormed(request.getKeyId(), "key_id");
    RequestProtoMapper.reason(request.getReason());
    var result = didKeys.revoke(did, keyId, SignedRequest.current());
    reply(
        response,
        RevokeDidKeyResponse.newBuilder()
            .setKey(KeyProtoMapper.key(result.key(), clock.instant()))
            .setHead(KeyEventProtoMapper.head(result.head()))
            .build());
  }

  @Override
  public void registerConnectionKeys(
      RegisterConnectionKeysRequest request,
      StreamObserver<RegisterConnectionKeysResponse> response) {
    ConnectionId connectionId = ConnectionId.parse(request.getConnectionId());
    String token = RequestProtoMapper.token(request.getToken());
    NewKey authentication =
        keyParser.forConnection(
            RequestProtoMapper.jwk(
                request.hasAuthenticationKey(),
                request.getAuthenticationKey(),
                "authentication_key"),
            KeyUsage.AUTHENTICATION,
            "authentication_key");
    NewKey communication =
        keyParser.forConnection(
            RequestProtoMapper.jwk(
                request.hasCommunicationKey(), request.getCommunicationKey(), "communication_key"),
            KeyUsage.COMMUNICATION,
            "communication_key");
    byte[] proof = RequestProtoMapper.proof(request.getKeyBindingProof());
    var result =
        connectionKeys.register(
            new RegisterConnectionKeysCommand(
                connectionId, token, authentication, communication, proof),
            SignedRequest.current());
    Instant now = clock.instant();
    reply(
        response,
        RegisterConnectionKeysResponse.newBuilder()
            .addAllKeys(result.keys().stream().map(key -> KeyProtoMapper.key(key, now)).toList())
            .setHead(KeyEventProtoMapper.head(result.head()))
            .build());
  }

  @Override
  public void rotateConnectionKey(
      RotateConnectionKeyRequest request, StreamObserver<RotateConnectionKeyResponse> response) {
    ConnectionId connectionId = ConnectionId.parse(request.getConnectionId());
    String oldKeyId = KeyIds.requireWellFormed(request.getOldKeyId(), "old_key_id");
    NewKey newKey =
        keyParser.forConnection(
            RequestProtoMapper.jwk(
                request.hasNewCommunicationKey(),
                request.getNewCommunicationKey(),
                "new_communication_key"),
            KeyUsage.COMMUNICATION,
            "new_communication_key");
    var result =
        connectionKeyRotations.rotate(
            connectionId,
            oldKeyId,
            newKey,
            request.getGracePeriodSeconds(),
            SignedRequest.current());
    Instant now = clock.instant();
    reply(
        response,
        RotateConnectionKeyResponse.newBuilder()
            .setNewKey(KeyProtoMapper.key(result.newKey(), now))
            .setOldKey(KeyProtoMapper.key(result.oldKey(), now))
            .setHead(KeyEventProtoMapper.head(result.head()))
            .build());
  }

  @Override
  public void getDid(GetDidRequest request, StreamObserver<GetDidResponse> response) {
    var result = history.ownerKeys(Did.parse(request.getDid()).owner());
    Instant now = clock.instant();
    reply(
        response,
        GetDidResponse.newBuilder()
            .setDid(result.owner().id())
            .addAllKeys(result.keys().stream().map(key -> KeyProtoMapper.key(key, now)).toList())
            .setHead(KeyEventProtoMapper.head(result.head()))
            .build());
  }

  @Override
  public void getActiveKeys(
      GetActiveKeysRequest request, StreamObserver<GetActiveKeysResponse> response) {
    KeyOwner owner =
        RequestProtoMapper.owner(
            request.hasDid(),
            request.getDid(),
            request.hasConnectionId(),
            request.getConnectionId());
    var result =
        lookups.activeKeys(owner, RequestProtoMapper.usageOrNull(request.getUsage(), "usage"));
    Instant now = clock.instant();
    reply(
        response,
        GetActiveKeysResponse.newBuilder()
            .addAllKeys(result.keys().stream().map(key -> KeyProtoMapper.key(key, now)).toList())
            .setMaxAgeSeconds(result.maxAgeSeconds())
            .build());
  }

  @Override
  public void getKey(GetKeyRequest request, StreamObserver<GetKeyResponse> response) {
    String keyId = KeyIds.requireWellFormed(request.getKeyId(), "key_id");
    Instant at = request.hasAt() ? RequestProtoMapper.instant(request.getAt(), "at") : null;
    var result = lookups.keyAt(keyId, at);
    reply(
        response,
        GetKeyResponse.newBuilder()
            .setKey(KeyProtoMapper.key(result.key(), clock.instant()))
            .setStatusAt(KeyProtoMapper.status(result.statusAt()))
            .setMaxAgeSeconds(result.maxAgeSeconds())
            .build());
  }

  @Override
  public void getKeyHistory(
      GetKeyHistoryRequest request, StreamObserver<GetKeyHistoryResponse> response) {
    KeyOwner owner =
        RequestProtoMapper.owner(
            request.hasDid(),
            request.getDid(),
            request.hasConnectionId(),
            request.getConnectionId());
    var page = history.page(owner, request.getFromSequence(), request.getLimit());
    reply(
        response,
        GetKeyHistoryResponse.newBuilder()
            .addAllEvents(page.events().stream().map(KeyEventProtoMapper::event).toList())
            .setHead(KeyEventProtoMapper.head(page.head()))
            .build());
  }

  private static <T> void reply(StreamObserver<T> observer, T message) {
    observer.onNext(message);
    observer.onCompleted();
  }
}
