package org.credrelay.keyregistry.support;

import com.google.protobuf.ByteString;
import java.util.UUID;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.signing.KeyBinding;
import org.credrelay.proto.common.v1.PublicKey;
import org.credrelay.proto.keyregistry.v1.RegisterConnectionKeysRequest;

/** A holder with fresh per-connection keys, and the connector's RegisterConnectionKeys request. */
public record TestHolder(
    String connectionId, String token, KeyPairJwk authentication, KeyPairJwk communication) {

  public static TestHolder create() {
    return new TestHolder(
        UUID.randomUUID().toString(),
        "tok-" + UUID.randomUUID(),
        Keys.generate(KeyCurve.ED25519),
        Keys.generate(KeyCurve.X25519));
  }

  public byte[] proof() {
    return authentication.sign(KeyBinding.bytes(token, authentication.kid(), communication.kid()));
  }

  public RegisterConnectionKeysRequest request() {
    return RegisterConnectionKeysRequest.newBuilder()
        .setConnectionId(connectionId)
        .setToken(token)
        .setAuthenticationKey(PublicKey.newBuilder().setJwk(authentication.publicKey().toJson()))
        .setCommunicationKey(PublicKey.newBuilder().setJwk(communication.publicKey().toJson()))
        .setKeyBindingProof(ByteString.copyFrom(proof()))
        .build();
  }
}
