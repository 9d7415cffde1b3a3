package org.credrelay.keyregistry.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.credrelay.keyregistry.support.GrpcRefusal;
import org.credrelay.keyregistry.support.RegistryGrpcClient;
import org.credrelay.keyregistry.support.TestClockConfiguration;
import org.credrelay.keyregistry.support.TestDid;
import org.credrelay.proto.common.v1.KeyUsage;
import org.credrelay.proto.keyregistry.v1.GetActiveKeysRequest;
import org.credrelay.proto.keyregistry.v1.RegisteredKey;
import org.credrelay.testsupport.MutableClock;
import org.credrelay.testsupport.PostgresContextInitializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.grpc.test.autoconfigure.AutoConfigureTestGrpcTransport;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.test.context.ContextConfiguration;

/**
 * The same contract over Spring gRPC's in-process test transport, in a context with the operator
 * token unset (operator endpoints disabled).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "keyregistry.requests.nonce-purge-interval=1h")
@AutoConfigureTestGrpcTransport
@ContextConfiguration(initializers = PostgresContextInitializer.class)
@Import(TestClockConfiguration.class)
class InProcessGrpcTest {

  @Autowired private GrpcChannelFactory channels;

  @Autowired private MutableClock clock;

  @LocalServerPort private int httpPort;

  private ManagedChannel channel;
  private RegistryGrpcClient grpc;

  @BeforeEach
  void connect() {
    channel = channels.createChannel("default");
    grpc = new RegistryGrpcClient(channel, clock);
  }

  @AfterEach
  void close() {
    channel.shutdownNow();
  }

  @Test
  void signedRegistrationAndLookup_workInProcess() {
    TestDid did = TestDid.create();

    grpc.registerDid(did);

    assertThat(
            grpc.stub()
                .getActiveKeys(
                    GetActiveKeysRequest.newBuilder()
                        .setDid(did.did())
                        .setUsage(KeyUsage.KEY_USAGE_COMMUNICATION)
                        .build())
                .getKeysList())
        .extracting(RegisteredKey::getKeyId)
        .containsExactly(did.communication().kid());
  }

  @Test
  void unsignedChange_isUnauthenticatedInProcess() {
    TestDid did = TestDid.create();

    GrpcRefusal refusal =
        GrpcRefusal.of(() -> grpc.stub().registerDid(RegistryGrpcClient.registerRequest(did)));

    assertThat(refusal.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(refusal.reason()).isEqualTo("MISSING_SIGNATURE");
  }

  @Test
  void operatorEndpoints_withoutAConfiguredToken_areForbidden() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://localhost:"
                                + httpPort
                                + "/api/v1/operator/keys/any/revocation"))
                    .header("Authorization", "Bearer anything")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"x\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("OPERATOR_DISABLED");
  }
}
