package org.credrelay.keyregistry.config;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which connectors may register holder connection keys ({@code keyregistry.connectors.*}): the role
 * CONNECTOR is granted by the registry's operator through configuration, never self-service
 * (decision 0011). RegisterConnectionKeys must be signed by one of these keys.
 *
 * @param trustedKeys public JWKs (Ed25519 or secp256k1 authentication keys, JSON) of the
 *     connectors; as environment variables {@code KEYREGISTRY_CONNECTORS_TRUSTEDKEYS_0_}, {@code
 *     _1_}, ... Empty (the default): every RegisterConnectionKeys is refused (PERMISSION_DENIED)
 *     and a warning is logged at start-up. A malformed key stops the start.
 */
@ConfigurationProperties("keyregistry.connectors")
@Validated
public record ConnectorTrustProperties(@DefaultValue List<String> trustedKeys) {

  public ConnectorTrustProperties {
    trustedKeys = List.copyOf(trustedKeys);
  }
}
