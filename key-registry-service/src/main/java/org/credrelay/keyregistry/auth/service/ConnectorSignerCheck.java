package org.credrelay.keyregistry.auth.service;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.keyregistry.config.ConnectorTrustProperties;
import org.credrelay.keyregistry.error.Reason;
import org.credrelay.keyregistry.error.RegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Who may register holder connection keys: a connector, i.e. a request signed by one of the keys in
 * {@code keyregistry.connectors.trusted-keys} (the verifying interceptor checks signature,
 * freshness and nonce with the key returned here). The connector's signature covers connection id,
 * token, both holder keys and the holder's key binding proof together, so the connection id is
 * bound to the token by the party that issued the token (docs/PROTOCOL.md §5.8, decision 0011).
 */
@Component
public class ConnectorSignerCheck {

  private static final Logger log = LoggerFactory.getLogger(ConnectorSignerCheck.class);

  private final Map<String, PublicKeyJwk> trusted;

  public ConnectorSignerCheck(ConnectorTrustProperties properties) {
    this.trusted =
        properties.trustedKeys().stream()
            .map(ConnectorSignerCheck::parse)
            .collect(Collectors.toUnmodifiableMap(PublicKeyJwk::kid, Function.identity()));
    if (trusted.isEmpty()) {
      log.warn(
          "keyregistry.connectors.trusted-keys is empty: every RegisterConnectionKeys is "
              + "refused until a connector's public key is configured");
    }
  }

  /**
   * The trusted connector key named by the request's key id, for signature verification.
   *
   * @throws RegistryException PERMISSION_DENIED / SIGNER_NOT_CONNECTOR (not a trusted connector's)
   */
  public PublicKeyJwk signerKey(String keyId) {
    PublicKeyJwk key = trusted.get(keyId);
    if (key == null) {
      throw new RegistryException(
          Reason.SIGNER_NOT_CONNECTOR,
          "RegisterConnectionKeys must be signed by a connector the registry trusts "
              + "(keyregistry.connectors.trusted-keys)");
    }
    return key;
  }

  private static PublicKeyJwk parse(String jwk) {
    try {
      return PublicKeyJwk.parse(jwk, KeyUse.AUTHENTICATION);
    } catch (KeyRejectedException e) {
      throw new IllegalStateException(
          "keyregistry.connectors.trusted-keys: not a public "
              + "authentication JWK: "
              + e.getMessage());
    }
  }
}
