package org.credrelay.issuergateway.config;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gateway.crypto.*}.
 *
 * @param keyEncryptionKey base64 of 32 random bytes (AES-256) that encrypts private keys,
 *     invitation secrets and credentials at rest. Required; no default outside the {@code local}
 *     profile. Environment: {@code GATEWAY_CRYPTO_KEYENCRYPTIONKEY}.
 */
@ConfigurationProperties("gateway.crypto")
@Validated
public record CryptoProperties(
    @NotBlank(
            message =
                "is required: set GATEWAY_CRYPTO_KEYENCRYPTIONKEY to the base64 of 32 random "
                    + "bytes (e.g. `openssl rand -base64 32`); the gateway refuses to start without it")
        String keyEncryptionKey) {

  @Override
  public String toString() {
    return "CryptoProperties[keyEncryptionKey=<redacted>]";
  }
}
