package org.credrelay.connector.support;

import io.grpc.Channel;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.signing.RequestSigner;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc.ConnectorServiceBlockingStub;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc.ConnectorServiceStub;

/**
 * A caller of the connector in tests: a participant (DID registered in the key registry double) or
 * a holder (identified by its authentication key), with fresh Ed25519 / X25519 keys and stubs that
 * sign every call.
 */
public final class TestParty {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String did;
  private final KeyPairJwk authentication;
  private final KeyPairJwk communication;
  private final Clock clock;

  private TestParty(String did, KeyPairJwk authentication, KeyPairJwk communication, Clock clock) {
    this.did = did;
    this.authentication = authentication;
    this.communication = communication;
    this.clock = clock;
  }

  /**
   * A participant whose DID and keys are registered in the registry double (not at the connector).
   */
  public static TestParty participant(String name, Clock clock) {
    String did = "did:example:" + name + "-" + UUID.randomUUID();
    TestParty party =
        new TestParty(did, Keys.generateAuthentication(), Keys.generateCommunication(), clock);
    InMemoryKeyRegistryDouble.shared().addDidKey(did, party.authentication.publicKey());
    InMemoryKeyRegistryDouble.shared().addDidKey(did, party.communication.publicKey());
    return party;
  }

  /** A holder with fresh keys (known to nobody until it accepts a connection). */
  public static TestParty holder(Clock clock) {
    return new TestParty(null, Keys.generateAuthentication(), Keys.generateCommunication(), clock);
  }

  public String did() {
    return did;
  }

  /** Sender/recipient id at the connector: the DID, or the holder's authentication key id. */
  public String id() {
    return did != null ? did : authentication.kid();
  }

  public KeyPairJwk authentication() {
    return authentication;
  }

  public KeyPairJwk communication() {
    return communication;
  }

  public RequestSigner signer() {
    return new RequestSigner(authentication, did, clock, RANDOM);
  }

  public ConnectorServiceBlockingStub stub(Channel channel) {
    return ConnectorServiceGrpc.newBlockingStub(channel)
        .withInterceptors(new SigningClientInterceptor(signer()));
  }

  /** A stub whose signed metadata is passed through {@code tamper} before it is sent. */
  public ConnectorServiceBlockingStub tamperedStub(
      Channel channel, UnaryOperator<Map<String, String>> tamper) {
    return ConnectorServiceGrpc.newBlockingStub(channel)
        .withInterceptors(new SigningClientInterceptor(signer(), tamper));
  }

  public ConnectorServiceStub asyncStub(Channel channel) {
    return ConnectorServiceGrpc.newStub(channel)
        .withInterceptors(new SigningClientInterceptor(signer()));
  }

  /** The key binding proof for accepting {@code token} (docs/PROTOCOL.md §2.4). */
  public byte[] keyBindingProof(String token) {
    return authentication.sign(
        ("credrelay-key-binding-v1\n"
                + token
                + "\n"
                + authentication.kid()
                + "\n"
                + communication.kid())
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }
}
