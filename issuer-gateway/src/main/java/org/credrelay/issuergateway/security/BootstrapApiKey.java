package org.credrelay.issuergateway.security;

import java.security.MessageDigest;
import org.credrelay.issuergateway.config.BootstrapProperties;
import org.credrelay.issuergateway.tenant.service.ApiKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The operator's bootstrap API key, kept only as its SHA-256 and compared in constant time. Without
 * a configured key (or with one shorter than 32 characters) admin endpoints answer 401/403 only.
 */
@Component
public class BootstrapApiKey {

  static final int MIN_LENGTH = 32;
  private static final Logger LOG = LoggerFactory.getLogger(BootstrapApiKey.class);

  private final byte[] hash;

  public BootstrapApiKey(BootstrapProperties properties) {
    String key = properties.apiKey();
    if (key == null || key.isBlank()) {
      LOG.warn("gateway.bootstrap.api-key is not set: tenants cannot be created");
      this.hash = null;
    } else if (key.length() < MIN_LENGTH) {
      LOG.error(
          "gateway.bootstrap.api-key is shorter than {} characters and is ignored", MIN_LENGTH);
      this.hash = null;
    } else {
      this.hash = ApiKeys.hash(key);
    }
  }

  /** True if {@code presentedHash} (SHA-256 of the presented key) is the bootstrap key's. */
  public boolean matches(byte[] presentedHash) {
    return hash != null && MessageDigest.isEqual(hash, presentedHash);
  }
}
