package org.credrelay.e2etests;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.signing.RequestSigner;
import org.credrelay.proto.common.v1.PublicKey;
import org.credrelay.proto.connector.v1.AddConnectionFromTokenRequest;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc;
import org.credrelay.proto.connector.v1.SendMessageRequest;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.rpcsigning.RequestSigningInterceptor;

/**
 * A party with its own keys talking straight to the real connector: the provider (or anyone who
 * read its database) acting as a holder. It knows tokens and public keys, never an invitation
 * secret.
 */
final class Attacker implements AutoCloseable {

  final KeyPairJwk authentication = Keys.generateAuthentication();
  final KeyPairJwk communication = Keys.generateCommunication();
  private final ManagedChannel channel;
  private final ConnectorServiceGrpc.ConnectorServiceBlockingStub connector;

  Attacker(int connectorGrpcPort) {
    channel = NettyChannelBuilder.forAddress("127.0.0.1", connectorGrpcPort).usePlaintext().build();
    connector =
        ConnectorServiceGrpc.newBlockingStub(channel)
            .withInterceptors(
                new RequestSigningInterceptor(
                    new RequestSigner(
                        authentication, null, Clock.systemUTC(), new SecureRandom())));
  }

  /** Accepts a connection token with the attacker's own keys; returns the connection id. */
  String acceptToken(String token) {
    byte[] binding =
        authentication.sign(
            ("credrelay-key-binding-v1\n"
                    + token
                    + "\n"
                    + authentication.kid()
                    + "\n"
                    + communication.kid())
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    return connector
        .addConnectionFromToken(
            AddConnectionFromTokenRequest.newBuilder()
                .setToken(token)
                .setHolderAuthenticationKey(
                    PublicKey.newBuilder().setJwk(authentication.publicKey().toJson()))
                .setHolderCommunicationKey(
                    PublicKey.newBuilder().setJwk(communication.publicKey().toJson()))
                .setKeyBindingProof(ByteString.copyFrom(binding))
                .build())
        .getConnection()
        .getConnectionId();
  }

  String send(String connectionId, AtalaMessage message) {
    return connector
        .sendMessage(
            SendMessageRequest.newBuilder()
                .setConnectionId(connectionId)
                .setMessage(message.toByteString())
                .setClientMessageId(UUID.randomUUID().toString())
                .build())
        .getId();
  }

  @Override
  public void close() {
    channel.shutdownNow();
  }
}
