package org.credrelay.rpcsigning;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RetryClassificationTest {

  @ParameterizedTest
  @EnumSource(
      value = Status.Code.class,
      names = {
        "UNAVAILABLE",
        "DEADLINE_EXCEEDED",
        "ABORTED",
        "RESOURCE_EXHAUSTED",
        "CANCELLED",
        "UNKNOWN",
        "INTERNAL"
      })
  void serviceSideFailures_areTransient(Status.Code code) {
    assertThat(RetryClassification.isTransient(code)).isTrue();
    assertThat(RetryClassification.isTransient(code.toStatus().asRuntimeException())).isTrue();
  }

  @ParameterizedTest
  @EnumSource(
      value = Status.Code.class,
      names = {
        "INVALID_ARGUMENT",
        "UNAUTHENTICATED",
        "PERMISSION_DENIED",
        "NOT_FOUND",
        "ALREADY_EXISTS",
        "FAILED_PRECONDITION",
        "OUT_OF_RANGE",
        "UNIMPLEMENTED",
        "DATA_LOSS",
        "OK"
      })
  void refusalsOfTheRequest_areNotTransient(Status.Code code) {
    assertThat(RetryClassification.isTransient(code)).isFalse();
  }

  @Test
  void unauthenticated_isNotRetried_becauseTheSameSignerIsRefusedAgain() {
    assertThat(
            RetryClassification.isTransient(
                Status.UNAUTHENTICATED.withDescription("STALE_TIMESTAMP").asRuntimeException()))
        .isFalse();
  }

  @Test
  void onlyDownOrSilentServices_areUnreachable() {
    assertThat(RetryClassification.isUnreachable(Status.Code.UNAVAILABLE)).isTrue();
    assertThat(RetryClassification.isUnreachable(Status.Code.DEADLINE_EXCEEDED)).isTrue();
    assertThat(RetryClassification.isUnreachable(Status.Code.CANCELLED)).isTrue();
    assertThat(RetryClassification.isUnreachable(Status.Code.INTERNAL)).isFalse();
    assertThat(RetryClassification.isUnreachable(Status.Code.RESOURCE_EXHAUSTED)).isFalse();
  }
}
