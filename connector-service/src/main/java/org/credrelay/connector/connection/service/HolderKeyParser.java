package org.credrelay.connector.connection.service;

import java.nio.charset.StandardCharsets;
import org.credrelay.connector.error.ConnectorException;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.KidPolicy;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.springframework.stereotype.Component;

/**
 * Parses holder JWKs at the edge: public members only, the curve fits the use, the point is valid,
 * and the kid is absent or the RFC 7638 thumbprint (holders have no DID).
 */
@Component
public class HolderKeyParser {

  /** keys.proto: a JWK is at most 4 KiB. */
  static final int MAX_JWK_BYTES = 4096;

  public PublicKeyJwk parse(String json, KeyUse use, String field) {
    if (json == null || json.isEmpty()) {
      throw new ConnectorException(ErrorReason.INVALID_HOLDER_KEY, field + " is required");
    }
    if (json.getBytes(StandardCharsets.UTF_8).length > MAX_JWK_BYTES) {
      throw new ConnectorException(ErrorReason.INVALID_HOLDER_KEY, field + " is larger than 4 KiB");
    }
    try {
      return PublicKeyJwk.parse(json, use, KidPolicy.THUMBPRINT_ONLY);
    } catch (KeyRejectedException e) {
      throw new ConnectorException(
          ErrorReason.INVALID_HOLDER_KEY, field + " rejected: " + e.getMessage());
    }
  }
}
