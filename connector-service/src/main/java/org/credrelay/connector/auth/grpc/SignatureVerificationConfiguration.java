package org.credrelay.connector.auth.grpc;

import java.time.Clock;
import java.util.Set;
import org.credrelay.connector.auth.service.SignerKeys;
import org.credrelay.connector.config.AuthProperties;
import org.credrelay.connector.error.GrpcErrorMapper;
import org.credrelay.e2ecrypto.signing.RequestVerifier;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc;
import org.credrelay.rpcsigning.SignatureVerifyingInterceptor;
import org.credrelay.rpcsigning.SingleUseIdStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Request verification for the connector (threat model S7): rpc-signing's shared {@link
 * SignatureVerifyingInterceptor} with the connector's {@link SignerKeys}, its nonce store, {@code
 * connector.auth.max-clock-skew} as the window, and {@link GrpcErrorMapper} for refusals of the key
 * lookup. {@code ConnectorGrpcService} puts it in front of every signed rpc. SendMessage and
 * SendMessages record their nonce themselves, with the send's rate-limit take ({@code
 * SendRateLimiter}, decision 0047-connsend): one round trip less per send.
 */
@Configuration(proxyBeanMethods = false)
public class SignatureVerificationConfiguration {

  @Bean
  SignatureVerifyingInterceptor signatureVerifyingInterceptor(
      Clock clock,
      SingleUseIdStore nonces,
      AuthProperties properties,
      SignerKeys signerKeys,
      GrpcErrorMapper errors) {
    // SendMessage(s) record their nonce with the rate-limit take (decision 0047-connsend).
    return new SignatureVerifyingInterceptor(
        new RequestVerifier(clock, nonces, properties.maxClockSkew()),
        signerKeys,
        errors::toStatusException,
        nonces,
        Set.of(
            ConnectorServiceGrpc.getSendMessageMethod().getFullMethodName(),
            ConnectorServiceGrpc.getSendMessagesMethod().getFullMethodName()));
  }
}
