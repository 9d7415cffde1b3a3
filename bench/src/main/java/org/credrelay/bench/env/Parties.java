package org.credrelay.bench.env;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.signing.KeyBinding;
import org.credrelay.e2ecrypto.signing.RequestSigner;
import org.credrelay.proto.common.v1.PublicKey;
import org.credrelay.proto.connector.v1.AddConnectionFromTokenRequest;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc.ConnectorServiceBlockingStub;
import org.credrelay.proto.connector.v1.GenerateConnectionTokenRequest;
import org.credrelay.proto.connector.v1.GenerateConnectionTokenResponse;
import org.credrelay.proto.connector.v1.ParticipantRole;
import org.credrelay.proto.connector.v1.RegisterParticipantRequest;
import org.credrelay.proto.keyregistry.v1.KeyRegistryServiceGrpc;
import org.credrelay.proto.keyregistry.v1.RegisterDidRequest;
import org.credrelay.rpcsigning.RequestSigningInterceptor;

/**
 * Creates issuers and holders through the public APIs, exactly as real clients do: the issuer
 * registers its DID in the key registry (signed by its authentication key) and itself at the
 * connector; each holder accepts a token with a key binding proof, which makes the connector
 * register the holder's keys in the key registry.
 */
public final class Parties {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_TOKENS_PER_CALL = 100;
  private static final long DEADLINE_SECONDS = 60;

  private final BenchSuite suite;

  public Parties(BenchSuite suite) {
    this.suite = suite;
  }

  public Issuer registerIssuer(String name) {
    Issuer issuer =
        new Issuer(
            "did:example:bench-" + UUID.randomUUID().toString().replace("-", ""),
            Keys.generateAuthentication(),
            Keys.generateCommunication());
    KeyRegistryServiceGrpc.newBlockingStub(suite.registryChannel())
        .withInterceptors(signing(issuer.authentication(), issuer.did()))
        .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
        .registerDid(
            RegisterDidRequest.newBuilder()
                .setDid(issuer.did())
                .setAuthenticationKey(jwk(issuer.authentication()))
                .addCommunicationKeys(jwk(issuer.communication()))
                .build());
    timed(connector(issuer, suite.connectorChannel(0)))
        .registerParticipant(
            RegisterParticipantRequest.newBuilder()
                .setDid(issuer.did())
                .setName(name)
                .setRole(ParticipantRole.PARTICIPANT_ROLE_ISSUER)
                .build());
    return issuer;
  }

  /**
   * {@code count} new holders, each CONNECTED to {@code issuer}, set up by {@code parallelism}
   * threads.
   */
  public List<Holder> connectHolders(Issuer issuer, int count, int parallelism) throws Exception {
    List<String[]> tokens = new ArrayList<>(); // {token, connectionId}
    for (int made = 0; made < count; made += MAX_TOKENS_PER_CALL) {
      GenerateConnectionTokenResponse response =
          timed(connector(issuer, suite.connectorChannel(0)))
              .generateConnectionToken(
                  GenerateConnectionTokenRequest.newBuilder()
                      .setCount(Math.min(MAX_TOKENS_PER_CALL, count - made))
                      .build());
      for (int i = 0; i < response.getTokensCount(); i++) {
        tokens.add(new String[] {response.getTokens(i), response.getConnectionIds(i)});
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallelism));
    try {
      List<Future<Holder>> futures = new ArrayList<>();
      for (int i = 0; i < tokens.size(); i++) {
        String[] token = tokens.get(i);
        Channel channel = suite.connectorChannel(i);
        futures.add(pool.submit(() -> accept(channel, token[0])));
      }
      List<Holder> holders = new ArrayList<>();
      for (Future<Holder> future : futures) {
        holders.add(future.get());
      }
      return holders;
    } finally {
      pool.shutdownNow();
    }
  }

  private Holder accept(Channel channel, String token) {
    KeyPairJwk authentication = Keys.generateAuthentication();
    KeyPairJwk communication = Keys.generateCommunication();
    String connectionId =
        timed(holderStub(authentication, channel))
            .addConnectionFromToken(
                AddConnectionFromTokenRequest.newBuilder()
                    .setToken(token)
                    .setHolderAuthenticationKey(jwk(authentication))
                    .setHolderCommunicationKey(jwk(communication))
                    .setKeyBindingProof(
                        ByteString.copyFrom(
                            KeyBinding.sign(authentication, token, communication.publicKey())))
                    .build())
            .getConnection()
            .getConnectionId();
    return new Holder(authentication, communication, connectionId);
  }

  /**
   * {@code count} holders known to the connector without a connection: their authentication keys
   * are inserted straight into {@code connector.holders}, which is all the connector needs to
   * authenticate a holder's GetMessageStream. For scenarios that need many holders but do not
   * measure onboarding (a real AddConnectionFromToken costs a key registration each).
   */
  public List<KeyPairJwk> insertHolders(int count) throws SQLException {
    List<KeyPairJwk> keys = new ArrayList<>();
    try (Connection connection = suite.jdbc();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO connector.holders (key_id, public_jwk, created_at) VALUES (?, ?, now())")) {
      connection.setAutoCommit(false);
      for (int i = 0; i < count; i++) {
        KeyPairJwk key = Keys.generateAuthentication();
        keys.add(key);
        insert.setString(1, key.kid());
        insert.setString(2, key.publicKey().toJson());
        insert.addBatch();
        if (i % 500 == 499 || i == count - 1) {
          insert.executeBatch();
        }
      }
      connection.commit();
    }
    return keys;
  }

  /**
   * A connector stub signed as the issuer, without a deadline: {@code withDeadlineAfter} fixes an
   * absolute deadline, so long-lived stubs get one per call ({@link #timed}).
   */
  public static ConnectorServiceBlockingStub connector(Issuer issuer, Channel channel) {
    return ConnectorServiceGrpc.newBlockingStub(channel)
        .withInterceptors(signing(issuer.authentication(), issuer.did()));
  }

  /**
   * {@code stub} with the benchmark's per-call deadline (generous: a slow call is a figure too).
   */
  public static ConnectorServiceBlockingStub timed(ConnectorServiceBlockingStub stub) {
    return stub.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  /** A connector stub signed as the holder (no DID metadata). */
  public static ConnectorServiceBlockingStub connector(Holder holder, Channel channel) {
    return holderStub(holder.authentication(), channel);
  }

  private static ConnectorServiceBlockingStub holderStub(
      KeyPairJwk authentication, Channel channel) {
    return ConnectorServiceGrpc.newBlockingStub(channel)
        .withInterceptors(signing(authentication, null));
  }

  public static RequestSigningInterceptor signing(KeyPairJwk authentication, String did) {
    return new RequestSigningInterceptor(
        new RequestSigner(authentication, did, Clock.systemUTC(), RANDOM));
  }

  public static PublicKey jwk(KeyPairJwk key) {
    return PublicKey.newBuilder().setJwk(key.publicKey().toJson()).build();
  }
}
