package org.credrelay.connector.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.credrelay.connector.auth.service.NoncePurgeJob;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.support.ConnectorIntegrationTest;
import org.credrelay.connector.support.SigningClientInterceptor;
import org.credrelay.connector.support.TestParty;
import org.credrelay.e2ecrypto.signing.RequestSignatureHeaders;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc;
import org.credrelay.proto.connector.v1.GetConnectionsPaginatedRequest;
import org.credrelay.proto.connector.v1.GetMessagesPaginatedRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Threat model S7: every RPC but GetConnectionTokenInfo is signed, fresh and single-use. */
class RequestAuthenticationTest extends ConnectorIntegrationTest {

  private static final GetConnectionsPaginatedRequest LIST =
      GetConnectionsPaginatedRequest.getDefaultInstance();

  @Autowired private NoncePurgeJob purger;

  @Autowired private JdbcTemplate jdbc;

  @Test
  void signedRequest_ofRegisteredParticipant_isAccepted() {
    TestParty issuer = registeredIssuer();

    assertThat(issuer.stub(channel).getConnectionsPaginated(LIST).getConnectionsList()).isEmpty();
  }

  @Test
  void unsignedRequest_isUnauthenticated() {
    assertRefused(
        () -> ConnectorServiceGrpc.newBlockingStub(channel).getConnectionsPaginated(LIST),
        ErrorReason.MISSING_SIGNATURE);
  }

  @Test
  void signatureRefusals_carryErrorInfoReasons_inTheCredrelayDomain() {
    TestParty issuer = registeredIssuer();
    SigningClientInterceptor signing = new SigningClientInterceptor(issuer.signer());
    ConnectorServiceGrpc.newBlockingStub(channel)
        .withInterceptors(signing)
        .getConnectionsPaginated(LIST);

    assertThat(
            errorInfo(
                    () ->
                        ConnectorServiceGrpc.newBlockingStub(channel).getConnectionsPaginated(LIST))
                .getReason())
        .isEqualTo("MISSING_SIGNATURE");
    ErrorInfo replayed =
        errorInfo(
            () ->
                ConnectorServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(
                        MetadataUtils.newAttachHeadersInterceptor(metadata(signing.lastSent())))
                    .getConnectionsPaginated(LIST));
    assertThat(replayed.getReason()).isEqualTo("REPLAYED_NONCE");
    assertThat(replayed.getDomain()).isEqualTo("credrelay.org");
  }

  private static ErrorInfo errorInfo(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
      for (Any detail : StatusProto.fromThrowable(e).getDetailsList()) {
        if (detail.is(ErrorInfo.class)) {
          try {
            return detail.unpack(ErrorInfo.class);
          } catch (InvalidProtocolBufferException unpack) {
            throw new AssertionError(unpack);
          }
        }
      }
      throw new AssertionError("no ErrorInfo in " + e.getStatus());
    }
    throw new AssertionError("the call was not refused");
  }

  @Test
  void signatureOverOtherBytes_isUnauthenticated() {
    TestParty issuer = registeredIssuer();
    // Sign a different request than the one sent: the signature must not verify.
    Map<String, String> other =
        issuer
            .signer()
            .sign(
                ConnectorServiceGrpc.getGetConnectionsPaginatedMethod().getFullMethodName(),
                LIST.toBuilder().setLimit(7).build().toByteArray());

    assertRefused(
        () ->
            ConnectorServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata(other)))
                .getConnectionsPaginated(LIST),
        ErrorReason.BAD_SIGNATURE);
  }

  @Test
  void signatureForAnotherMethod_isUnauthenticated() {
    TestParty issuer = registeredIssuer();
    Map<String, String> forOtherMethod =
        issuer
            .signer()
            .sign(
                ConnectorServiceGrpc.getGetMessagesPaginatedMethod().getFullMethodName(),
                LIST.toByteArray());

    assertRefused(
        () ->
            ConnectorServiceGrpc.newBlockingStub(channel)
                .withInterceptors(
                    MetadataUtils.newAttachHeadersInterceptor(metadata(forOtherMethod)))
                .getConnectionsPaginated(LIST),
        ErrorReason.BAD_SIGNATURE);
  }

  @Test
  void staleTimestamp_isUnauthenticated() {
    TestParty issuer = registeredIssuer();
    Map<String, String> stale =
        issuer
            .signer()
            .sign(
                ConnectorServiceGrpc.getGetConnectionsPaginatedMethod().getFullMethodName(),
                LIST.toByteArray());
    clock.advance(Duration.ofMinutes(6)); // the server's window is 5 minutes

    assertRefused(
        () ->
            ConnectorServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata(stale)))
                .getConnectionsPaginated(LIST),
        ErrorReason.STALE_TIMESTAMP);
  }

  @Test
  void replayedNonce_isUnauthenticated() {
    TestParty issuer = registeredIssuer();
    SigningClientInterceptor signing = new SigningClientInterceptor(issuer.signer());
    ConnectorServiceGrpc.newBlockingStub(channel)
        .withInterceptors(signing)
        .getConnectionsPaginated(LIST);

    assertRefused(
        () ->
            ConnectorServiceGrpc.newBlockingStub(channel)
                .withInterceptors(
                    MetadataUtils.newAttachHeadersInterceptor(metadata(signing.lastSent())))
                .getConnectionsPaginated(LIST),
        ErrorReason.REPLAYED_NONCE);
  }

  @Test
  void wrongDidForTheKey_isUnauthenticated() {
    TestParty issuer = registeredIssuer();
    TestParty other = registeredIssuer();

    assertRefused(
        () ->
            issuer
                .tamperedStub(channel, m -> with(m, RequestSignatureHeaders.DID, other.did()))
                .getConnectionsPaginated(LIST),
        ErrorReason.REQUEST_NOT_AUTHENTICATED);
  }

  @Test
  void malformedMetadata_isUnauthenticated() {
    TestParty issuer = registeredIssuer();

    assertRefused(
        () ->
            issuer
                .tamperedStub(channel, m -> with(m, RequestSignatureHeaders.NONCE, "short"))
                .getConnectionsPaginated(LIST),
        ErrorReason.MALFORMED_SIGNATURE_METADATA);
    assertRefused(
        () ->
            issuer
                .tamperedStub(channel, m -> with(m, RequestSignatureHeaders.DID, "not a did"))
                .getConnectionsPaginated(LIST),
        ErrorReason.MALFORMED_SIGNATURE_METADATA);
  }

  @Test
  void unknownHolderKey_isUnauthenticated() {
    assertRefused(
        () ->
            TestParty.holder(clock)
                .stub(channel)
                .getMessagesPaginated(GetMessagesPaginatedRequest.getDefaultInstance()),
        ErrorReason.REQUEST_NOT_AUTHENTICATED);
  }

  @Test
  void noncePurge_deletesOnlyExpiredNonces() {
    TestParty issuer = registeredIssuer();
    issuer.stub(channel).getConnectionsPaginated(LIST);
    Instant now = clock.instant();
    int before = jdbc.queryForObject("SELECT count(*) FROM request_nonces", Integer.class);

    assertThat(purger.purge()).isZero();
    clock.advance(Duration.ofMinutes(11));
    assertThat(purger.purge()).isEqualTo(before);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM request_nonces WHERE expires_at > ?",
                Integer.class,
                java.sql.Timestamp.from(now)))
        .isZero();
  }

  private static Map<String, String> with(Map<String, String> metadata, String key, String value) {
    Map<String, String> copy = new HashMap<>(metadata);
    copy.put(key, value);
    return copy;
  }

  private static Metadata metadata(Map<String, String> entries) {
    Metadata metadata = new Metadata();
    entries.forEach(
        (k, v) -> metadata.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
    return metadata;
  }
}
