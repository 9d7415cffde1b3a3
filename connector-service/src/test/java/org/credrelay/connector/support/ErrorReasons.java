package org.credrelay.connector.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.List;
import org.credrelay.connector.error.ErrorReason;

/** Reads the {@code google.rpc} details of a connector error, as clients do. */
public final class ErrorReasons {

  private ErrorReasons() {}

  /** The ErrorInfo of {@code failure} (fails the test if it has none). */
  public static ErrorInfo errorInfo(StatusRuntimeException failure) {
    return unpack(failure, ErrorInfo.class).get(0);
  }

  /** Asserts code, ErrorInfo reason and domain, and RetryInfo exactly when retryable. */
  public static void assertReason(StatusRuntimeException failure, ErrorReason reason) {
    assertThat(errorInfo(failure).getReason()).as("ErrorInfo.reason").isEqualTo(reason.name());
    assertThat(errorInfo(failure).getDomain()).isEqualTo("credrelay.org");
    assertThat(failure.getStatus().getCode()).isEqualTo(reason.code());
    assertThat(unpack(failure, RetryInfo.class)).hasSize(reason.retryable() ? 1 : 0);
  }

  /** Asserts that a batch refusal names entry {@code index} (ErrorInfo metadata "entry"). */
  public static void assertEntry(Throwable failure, int index) {
    assertThat(errorInfo((StatusRuntimeException) failure).getMetadataMap())
        .containsEntry("entry", Integer.toString(index));
  }

  private static <T extends com.google.protobuf.Message> List<T> unpack(
      StatusRuntimeException failure, Class<T> type) {
    com.google.rpc.Status status = StatusProto.fromThrowable(failure);
    assertThat(status).as("google.rpc.Status of " + failure).isNotNull();
    List<T> found =
        status.getDetailsList().stream()
            .filter(any -> any.is(type))
            .map(any -> unpackOne(any, type))
            .toList();
    if (type == ErrorInfo.class) {
      assertThat(found).as("ErrorInfo of " + failure).hasSize(1);
    }
    return found;
  }

  private static <T extends com.google.protobuf.Message> T unpackOne(Any any, Class<T> type) {
    try {
      return any.unpack(type);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }
}
