package org.credrelay.keyregistry.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.credrelay.keyregistry.support.RegistryIntegrationTest;
import org.credrelay.keyregistry.support.TestDid;
import org.credrelay.proto.keyregistry.v1.GetActiveKeysRequest;
import org.credrelay.proto.keyregistry.v1.GetDidRequest;
import org.credrelay.testsupport.DatabaseOutage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;

/**
 * A real database outage (connections refused, open sessions terminated) is gRPC UNAVAILABLE with
 * ErrorInfo DATABASE_UNAVAILABLE and RetryInfo, and REST 503 problem+json with Retry-After; never
 * INTERNAL / 500. Nothing is half-written and the service answers again once the database is back
 * (issue 13 item 4). Its own Spring context and database: the pool waits only 1 s.
 */
@TestPropertySource(properties = "spring.datasource.hikari.connection-timeout=1000")
class DatabaseOutageTest extends RegistryIntegrationTest {

  @Autowired private Environment environment;

  @Test
  void databaseOutage_isUnavailableOnBothTransports_nothingIsWritten_andServiceRecovers()
      throws Exception {
    TestDid known = TestDid.create();
    grpc.registerDid(known);
    TestDid during = TestDid.create();

    try (DatabaseOutage outage = DatabaseOutage.ofContext(environment)) {
      assertUnavailable(
          () ->
              grpc.stub()
                  .getActiveKeys(GetActiveKeysRequest.newBuilder().setDid(known.did()).build()));
      assertUnavailable(() -> grpc.registerDid(during));
      HttpResponse<String> rest = get("/api/v1/dids/" + known.did());
      assertThat(rest.statusCode()).isEqualTo(503);
      assertThat(rest.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(rest.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(json(rest).get("code").asString()).isEqualTo("DATABASE_UNAVAILABLE");
    }

    // The pool reconnects with its own backoff: retry as a client told UNAVAILABLE does.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> get("/api/v1/dids/" + known.did()).statusCode() == 200);
    // Nothing of the refused registration was written; it succeeds now.
    assertThat(get("/api/v1/dids/" + during.did()).statusCode()).isEqualTo(404);
    grpc.registerDid(during);
    assertThat(
            grpc.stub()
                .getDid(GetDidRequest.newBuilder().setDid(during.did()).build())
                .getKeysCount())
        .isEqualTo(2);
  }

  private static void assertUnavailable(ThrowingCallable call) throws Exception {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).as("call must fail").isInstanceOf(StatusRuntimeException.class);
    StatusRuntimeException failure = (StatusRuntimeException) thrown;
    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    com.google.rpc.Status details = StatusProto.fromThrowable(failure);
    assertThat(details).isNotNull();
    assertThat(details.getDetailsList())
        .filteredOn(any -> any.is(ErrorInfo.class))
        .singleElement()
        .satisfies(
            any ->
                assertThat(any.unpack(ErrorInfo.class).getReason())
                    .isEqualTo("DATABASE_UNAVAILABLE"));
    assertThat(details.getDetailsList())
        .filteredOn(any -> any.is(RetryInfo.class))
        .singleElement()
        .satisfies(
            any ->
                assertThat(any.unpack(RetryInfo.class).getRetryDelay().getSeconds()).isPositive());
  }
}
