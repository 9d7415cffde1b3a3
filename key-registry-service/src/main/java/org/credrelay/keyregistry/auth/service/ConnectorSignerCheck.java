package org.credrelay.keyregistry.auth.service;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.keyregistry.auth.SignedRequest;
import org.credrelay.keyregistry.config.ConnectorTrustProperties;
import org.credrelay.keyregistry.error.Reason;
import org.credrelay.keyregistry.error.RegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Who may register holder connection keys: a connector, i.e. a request signed by one of the keys in
 * {@code keyregistry.connectors.trusted-keys} (fresh, nonce unused; the nonce is consumed). The
 * connector's signature covers connection id, token, both holder keys and the holder's key binding
 * proof together, so the connection id is bound to the token by the party that issued the token
 * (docs/PROTOCOL.md §5.8, decision 0011).
 */
@Component
public class ConnectorSignerCheck {

  private static final Logger log = LoggerFactory.getLogger(ConnectorSignerCheck.class);

  private final Map<String, PublicKeyJwk> trusted;
  private final RequestAuthenticator authenticator;

  public ConnectorSignerCheck(ConnectorTrustProperties properties,
      RequestAuthenticator authenticator) {
    this.trusted = properties.trustedKeys().stream().map(ConnectorSignerCheck::parse)
        .collect(Collectors.toUnmodifiableMap(PublicKeyJwk::kid, Function.identity()));
    this.authenticator = authenticator;
    if (trusted.isEmpty()) {
      log.warn("keyregistry.connectors.trusted-keys is empty: every RegisterConnectionKeys is "
          + "refused until a connector's public key is configured");
    }
  }

  /**
   * @throws RegistryException UNAUTHENTICATED (unsigned, stale, replayed, bad signature),
   *     PERMISSION_DENIED / SIGNER_NOT_CONNECTOR (signed by a key that is not a trusted connector's)
   */
  public void authenticate(SignedRequest signed) {
    PublicKeyJwk key = trusted.get(signed.keyId() == null ? "" : signed.keyId());
    if (key == null) {
      throw new RegistryException(Reason.SIGNER_NOT_CONNECTOR,
          "RegisterConnectionKeys must be signed by a connector the registry trusts "
              + "(keyregistry.connectors.trusted-keys)");
    }
    authenticator.authenticate(signed, key);
  }

  private static PublicKeyJwk parse(String jwk) {
    try {
      return PublicKeyJwk.parse(jwk, KeyUse.AUTHENTICATION);
    } catch (KeyRejectedException e) {
      throw new IllegalStateException("keyregistry.connectors.trusted-keys: not a public "
          + "authentication JWK: " + e.getMessage());
    }
  }
}
