package org.credrelay.keyregistry.support;

import com.google.protobuf.MessageLite;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.signing.RequestSigner;
import org.credrelay.proto.common.v1.KeyUsage;
import org.credrelay.proto.common.v1.PublicKey;
import org.credrelay.proto.keyregistry.v1.AddDidKeyRequest;
import org.credrelay.proto.keyregistry.v1.AddDidKeyResponse;
import org.credrelay.proto.keyregistry.v1.KeyRegistryServiceGrpc;
import org.credrelay.proto.keyregistry.v1.RegisterConnectionKeysRequest;
import org.credrelay.proto.keyregistry.v1.RegisterConnectionKeysResponse;
import org.credrelay.proto.keyregistry.v1.RegisterDidRequest;
import org.credrelay.proto.keyregistry.v1.RegisterDidResponse;
import org.credrelay.proto.keyregistry.v1.RevokeDidKeyRequest;
import org.credrelay.proto.keyregistry.v1.RevokeDidKeyResponse;
import org.credrelay.proto.keyregistry.v1.RotateDidKeyRequest;
import org.credrelay.proto.keyregistry.v1.RotateDidKeyResponse;

/**
 * A test client of KeyRegistryService that signs requests like a real participant (e2e-crypto
 * {@link RequestSigner}) over the exact bytes it sends.
 */
public final class RegistryGrpcClient {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Channel channel;
  private final Clock clock;

  public RegistryGrpcClient(Channel channel, Clock clock) {
    this.channel = channel;
    this.clock = clock;
  }

  public KeyRegistryServiceGrpc.KeyRegistryServiceBlockingStub stub() {
    return KeyRegistryServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  /**
   * Signs {@code request} with {@code signer} (DID metadata {@code did}, may be null) and calls.
   */
  public <Q extends MessageLite, R> R signed(
      MethodDescriptor<Q, R> method, Q request, KeyPairJwk signer, String did) {
    return signedBytes(method, request.toByteArray(), signer, did, clock);
  }

  /** Signs and sends exactly {@code bytes} as the request, with the signer's clock. */
  public <Q, R> R signedBytes(
      MethodDescriptor<Q, R> method,
      byte[] bytes,
      KeyPairJwk signer,
      String did,
      Clock signerClock) {
    Map<String, String> entries =
        new RequestSigner(signer, did, signerClock, RANDOM).sign(method.getFullMethodName(), bytes);
    return rawCall(method, bytes, metadata(entries));
  }

  /** Sends {@code bytes} with {@code headers} as they are (no signing). */
  public <Q, R> R rawCall(MethodDescriptor<Q, R> method, byte[] bytes, Metadata headers) {
    MethodDescriptor<byte[], R> raw =
        method.toBuilder(BYTES, method.getResponseMarshaller()).build();
    Channel withHeaders =
        ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    return ClientCalls.blockingUnaryCall(
        withHeaders, raw, CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), bytes);
  }

  public static Metadata metadata(Map<String, String> entries) {
    Metadata metadata = new Metadata();
    entries.forEach(
        (name, value) ->
            metadata.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value));
    return metadata;
  }

  public RegisterDidResponse registerDid(TestDid did) {
    return signed(
        KeyRegistryServiceGrpc.getRegisterDidMethod(),
        registerRequest(did),
        did.authentication(),
        did.did());
  }

  /** RegisterConnectionKeys as the trusted {@link TestConnector} sends it (signed, no DID). */
  public RegisterConnectionKeysResponse registerConnectionKeys(
      RegisterConnectionKeysRequest request) {
    return signed(
        KeyRegistryServiceGrpc.getRegisterConnectionKeysMethod(), request, TestConnector.KEY, null);
  }

  public static RegisterDidRequest registerRequest(TestDid did) {
    return RegisterDidRequest.newBuilder()
        .setDid(did.did())
        .setAuthenticationKey(jwk(did.authentication()))
        .addAllCommunicationKeys(List.of(jwk(did.communication())))
        .build();
  }

  public AddDidKeyResponse addKey(
      TestDid did, KeyPairJwk signer, KeyPairJwk newKey, KeyUsage usage) {
    return signed(
        KeyRegistryServiceGrpc.getAddDidKeyMethod(),
        AddDidKeyRequest.newBuilder()
            .setDid(did.did())
            .setUsage(usage)
            .setPublicKey(jwk(newKey))
            .build(),
        signer,
        did.did());
  }

  public RotateDidKeyResponse rotate(
      TestDid did, KeyPairJwk signer, String oldKeyId, KeyPairJwk newKey, long graceSeconds) {
    return signed(
        KeyRegistryServiceGrpc.getRotateDidKeyMethod(),
        RotateDidKeyRequest.newBuilder()
            .setDid(did.did())
            .setOldKeyId(oldKeyId)
            .setNewPublicKey(jwk(newKey))
            .setGracePeriodSeconds(graceSeconds)
            .build(),
        signer,
        did.did());
  }

  public RevokeDidKeyResponse revoke(TestDid did, KeyPairJwk signer, String keyId) {
    return signed(
        KeyRegistryServiceGrpc.getRevokeDidKeyMethod(),
        RevokeDidKeyRequest.newBuilder()
            .setDid(did.did())
            .setKeyId(keyId)
            .setReason("test")
            .build(),
        signer,
        did.did());
  }

  public static PublicKey jwk(KeyPairJwk key) {
    return PublicKey.newBuilder().setJwk(key.publicKey().toJson()).build();
  }

  private static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try (stream) {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };
}
