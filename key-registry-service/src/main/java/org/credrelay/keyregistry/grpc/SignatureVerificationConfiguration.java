package org.credrelay.keyregistry.grpc;

import java.time.Clock;
import org.credrelay.e2ecrypto.signing.RequestVerifier;
import org.credrelay.keyregistry.config.RequestSigningProperties;
import org.credrelay.rpcsigning.SignatureVerifyingInterceptor;
import org.credrelay.rpcsigning.SingleUseIdStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Request verification for the registry: rpc-signing's shared {@link SignatureVerifyingInterceptor}
 * with {@link RegistrySignerKeys}, the registry's nonce store, {@code
 * keyregistry.requests.time-window} and {@link GrpcErrorMapper} for refusals of the key lookup.
 * {@link KeyRegistryGrpcEndpoint} puts it in front of every signed rpc.
 */
@Configuration(proxyBeanMethods = false)
public class SignatureVerificationConfiguration {

  @Bean
  SignatureVerifyingInterceptor signatureVerifyingInterceptor(
      Clock clock,
      SingleUseIdStore nonces,
      RequestSigningProperties properties,
      RegistrySignerKeys signerKeys,
      GrpcErrorMapper errors) {
    return new SignatureVerifyingInterceptor(
        new RequestVerifier(clock, nonces, properties.timeWindow()),
        signerKeys,
        errors::handleException);
  }
}
