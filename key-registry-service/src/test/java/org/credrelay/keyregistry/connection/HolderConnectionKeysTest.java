package org.credrelay.keyregistry.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.util.UUID;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.keyregistry.support.GrpcRefusal;
import org.credrelay.keyregistry.support.RegistryIntegrationTest;
import org.credrelay.keyregistry.support.TestDid;
import org.credrelay.keyregistry.support.TestHolder;
import org.credrelay.proto.common.v1.KeyUsage;
import org.credrelay.proto.keyregistry.v1.GetActiveKeysRequest;
import org.junit.jupiter.api.Test;

class HolderConnectionKeysTest extends RegistryIntegrationTest {

  @Test
  void holderAuthenticationKey_mayServeSeveralOfItsConnections() {
    TestHolder first = TestHolder.create();
    TestHolder second =
        new TestHolder(
            UUID.randomUUID().toString(),
            "tok-" + UUID.randomUUID(),
            first.authentication(),
            Keys.generate(KeyCurve.X25519));
    grpc.registerConnectionKeys(first.request());

    grpc.registerConnectionKeys(second.request());

    assertThat(
            grpc.stub()
                .getActiveKeys(
                    GetActiveKeysRequest.newBuilder()
                        .setConnectionId(second.connectionId())
                        .setUsage(KeyUsage.KEY_USAGE_COMMUNICATION)
                        .build())
                .getKeysList())
        .singleElement()
        .satisfies(key -> assertThat(key.getKeyId()).isEqualTo(second.communication().kid()));
  }

  @Test
  void communicationKeyOfAnotherConnection_isRefused() {
    TestHolder first = TestHolder.create();
    grpc.registerConnectionKeys(first.request());
    TestHolder reusing =
        new TestHolder(
            UUID.randomUUID().toString(),
            "tok-" + UUID.randomUUID(),
            first.authentication(),
            first.communication());

    GrpcRefusal refusal = GrpcRefusal.of(() -> grpc.registerConnectionKeys(reusing.request()));

    assertThat(refusal.code()).isEqualTo(Status.Code.ALREADY_EXISTS);
  }

  @Test
  void didAuthenticationKey_cannotBecomeAHoldersKey() {
    TestDid did = TestDid.create();
    grpc.registerDid(did);
    TestHolder impostor =
        new TestHolder(
            UUID.randomUUID().toString(),
            "tok-" + UUID.randomUUID(),
            did.authentication(),
            Keys.generate(KeyCurve.X25519));

    GrpcRefusal refusal = GrpcRefusal.of(() -> grpc.registerConnectionKeys(impostor.request()));

    assertThat(refusal.code()).isEqualTo(Status.Code.ALREADY_EXISTS);
  }
}
