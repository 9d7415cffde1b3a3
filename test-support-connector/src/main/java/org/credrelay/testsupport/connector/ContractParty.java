package org.credrelay.testsupport.connector;

import io.grpc.Channel;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.signing.KeyBinding;
import org.credrelay.e2ecrypto.signing.RequestSigner;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc.ConnectorServiceBlockingStub;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc.ConnectorServiceStub;
import org.credrelay.rpcsigning.RequestSigningInterceptor;

/**
 * A caller in the contract suite: a participant (a fresh DID) or a holder, with fresh Ed25519 and
 * X25519 keys and stubs that sign every call as a real client does.
 */
public final class ContractParty {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String did;
  private final KeyPairJwk authentication = Keys.generateAuthentication();
  private final KeyPairJwk communication;
  private final Clock clock;

  private ContractParty(String did, KeyPairJwk communication, Clock clock) {
    this.did = did;
    this.communication = communication;
    this.clock = clock;
  }

  /** A participant with a fresh DID; its communication key id is a DID URL, as issuers use. */
  static ContractParty participant(String name, Clock clock) {
    String did = "did:example:" + name + "-" + UUID.randomUUID();
    return new ContractParty(did, Keys.generateCommunication().withKid(did + "#comm-1"), clock);
  }

  static ContractParty holder(Clock clock) {
    return new ContractParty(null, Keys.generateCommunication(), clock);
  }

  /** The DID, or null for a holder. */
  public String did() {
    return did;
  }

  /** The id the connector knows the party by: the DID, or the holder's key thumbprint. */
  public String id() {
    return did != null ? did : authentication.publicKey().thumbprint();
  }

  public KeyPairJwk authentication() {
    return authentication;
  }

  public KeyPairJwk communication() {
    return communication;
  }

  public ConnectorServiceBlockingStub stub(Channel channel) {
    return ConnectorServiceGrpc.newBlockingStub(channel).withInterceptors(signing());
  }

  public ConnectorServiceStub asyncStub(Channel channel) {
    return ConnectorServiceGrpc.newStub(channel).withInterceptors(signing());
  }

  /** The key binding proof for accepting {@code token} with this party's keys. */
  public byte[] keyBindingProof(String token) {
    return KeyBinding.sign(authentication, token, communication.publicKey());
  }

  private RequestSigningInterceptor signing() {
    return new RequestSigningInterceptor(new RequestSigner(authentication, did, clock, RANDOM));
  }
}
