package org.credrelay.issuergateway.webhook.service;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.credrelay.issuergateway.config.WebhookProperties;
import org.credrelay.issuergateway.crypto.AtRestCipher;
import org.credrelay.issuergateway.crypto.AtRestPurpose;
import org.credrelay.issuergateway.error.GatewayException;
import org.credrelay.issuergateway.webhook.CreatedWebhook;
import org.credrelay.issuergateway.webhook.WebhookChange;
import org.credrelay.issuergateway.webhook.WebhookEndpoint;
import org.credrelay.issuergateway.webhook.WebhookEventType;
import org.credrelay.issuergateway.webhook.store.WebhookEndpointStore;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A tenant's webhook endpoints: creation (the secret is returned once and stored encrypted with the
 * key-encryption key), changes, re-enabling, deletion and secret rotation with an overlap during
 * which the previous secret also signs. Always scoped by tenant (404 else).
 */
@Service
public class WebhookEndpointManager {

  private static final int MAX_URL_LENGTH = 2000;

  private final WebhookEndpointStore endpoints;
  private final AtRestCipher cipher;
  private final SecureRandom random;
  private final WebhookProperties properties;
  private final Clock clock;

  WebhookEndpointManager(
      WebhookEndpointStore endpoints,
      AtRestCipher cipher,
      SecureRandom random,
      WebhookProperties properties,
      Clock clock) {
    this.endpoints = endpoints;
    this.cipher = cipher;
    this.random = random;
    this.properties = properties;
    this.clock = clock;
  }

  @Transactional
  public CreatedWebhook create(
      UUID tenantId, String url, String description, List<String> eventTypes) {
    if (endpoints.count(tenantId) >= properties.maxEndpointsPerTenant()) {
      throw GatewayException.conflict(
          "at most " + properties.maxEndpointsPerTenant() + " webhook endpoints per tenant");
    }
    UUID id = UUID.randomUUID();
    String secret = WebhookSecrets.generate(random);
    endpoints.insert(
        id,
        tenantId,
        checkedUrl(url),
        description,
        checkedTypes(eventTypes),
        cipher.encrypt(AtRestPurpose.WEBHOOK_SECRET, id, secret),
        clock.instant());
    return new CreatedWebhook(get(tenantId, id), secret);
  }

  public WebhookEndpoint get(UUID tenantId, UUID id) {
    return endpoints.find(tenantId, id).orElseThrow(() -> GatewayException.notFound("webhook"));
  }

  public List<WebhookEndpoint> list(UUID tenantId) {
    return endpoints.list(tenantId);
  }

  @Transactional
  public WebhookEndpoint change(UUID tenantId, UUID id, WebhookChange change) {
    WebhookEndpoint endpoint = get(tenantId, id);
    Instant now = clock.instant();
    endpoints.update(
        id,
        change.url() == null ? endpoint.url() : checkedUrl(change.url()),
        change.description() == null ? endpoint.description() : change.description(),
        change.eventTypes() == null ? endpoint.eventTypes() : checkedTypes(change.eventTypes()),
        now);
    if (Boolean.TRUE.equals(change.enabled())) {
      endpoints.enable(id, now);
    } else if (Boolean.FALSE.equals(change.enabled())) {
      endpoints.disable(id, "disabled by the tenant", now);
    }
    return get(tenantId, id);
  }

  public void delete(UUID tenantId, UUID id) {
    if (!endpoints.delete(tenantId, id)) {
      throw GatewayException.notFound("webhook");
    }
  }

  /**
   * A new secret (returned once); the current one keeps signing beside it for {@code overlap}
   * (null: the configured default; zero: not at all).
   */
  @Transactional
  public CreatedWebhook rotateSecret(UUID tenantId, UUID id, Duration overlap) {
    WebhookEndpoint endpoint = get(tenantId, id);
    Duration kept = overlap == null ? properties.secretRotationOverlap() : overlap;
    if (kept.isNegative() || kept.compareTo(Duration.ofDays(7)) > 0) {
      throw GatewayException.invalid("overlap must be between 0 and 7 days");
    }
    Instant now = clock.instant();
    String secret = WebhookSecrets.generate(random);
    String current =
        cipher.decryptString(AtRestPurpose.WEBHOOK_SECRET, id, endpoint.secretCiphertext());
    endpoints.rotateSecret(
        id,
        cipher.encrypt(AtRestPurpose.WEBHOOK_SECRET, id, secret),
        kept.isZero() ? null : cipher.encrypt(AtRestPurpose.WEBHOOK_PREVIOUS_SECRET, id, current),
        kept.isZero() ? null : now.plus(kept),
        now);
    return new CreatedWebhook(get(tenantId, id), secret);
  }

  /** The secrets that sign a request now: the current one, and the previous one in its overlap. */
  List<String> signingSecrets(WebhookEndpoint endpoint, Instant now) {
    List<String> secrets = new ArrayList<>(2);
    secrets.add(
        cipher.decryptString(
            AtRestPurpose.WEBHOOK_SECRET, endpoint.id(), endpoint.secretCiphertext()));
    if (endpoint.previousSecretCiphertext() != null
        && endpoint.previousSecretUntil() != null
        && now.isBefore(endpoint.previousSecretUntil())) {
      secrets.add(
          cipher.decryptString(
              AtRestPurpose.WEBHOOK_PREVIOUS_SECRET,
              endpoint.id(),
              endpoint.previousSecretCiphertext()));
    }
    return secrets;
  }

  private String checkedUrl(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw GatewayException.invalid("url is not a valid URI");
    }
    String scheme =
        uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    boolean allowed =
        scheme.equals("https") || (scheme.equals("http") && !properties.requireHttps());
    if (!allowed || uri.getHost() == null || uri.getUserInfo() != null) {
      throw GatewayException.invalid(
          properties.requireHttps()
              ? "url must be an absolute https URL without credentials"
              : "url must be an absolute http(s) URL without credentials");
    }
    if (url.length() > MAX_URL_LENGTH) {
      throw GatewayException.invalid("url is longer than " + MAX_URL_LENGTH + " characters");
    }
    return url;
  }

  private static List<String> checkedTypes(List<String> types) {
    if (types == null) {
      return List.of();
    }
    for (String type : types) {
      if (WebhookEventType.fromWireName(type).isEmpty()) {
        throw GatewayException.invalid("unknown event type " + type);
      }
    }
    return types.stream().distinct().toList();
  }
}
