package org.credrelay.issuergateway.tenant;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** What a tenant API key may do. The tenant's first key has both scopes. */
public enum ApiKeyScope {
  /** Invitations, connections, credentials, deliveries and the tenant's own profile. */
  ISSUE,
  /** List, mint and revoke the tenant's API keys. */
  ADMIN_KEYS;

  /** The name in the API and the database: {@code issue}, {@code admin-keys}. */
  public String value() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The Spring Security authority of a request authenticated with this scope. */
  public String authority() {
    return "SCOPE_" + value();
  }

  public static Optional<ApiKeyScope> of(String value) {
    for (ApiKeyScope scope : values()) {
      if (scope.value().equals(value)) {
        return Optional.of(scope);
      }
    }
    return Optional.empty();
  }

  public static Set<ApiKeyScope> all() {
    return EnumSet.allOf(ApiKeyScope.class);
  }
}
