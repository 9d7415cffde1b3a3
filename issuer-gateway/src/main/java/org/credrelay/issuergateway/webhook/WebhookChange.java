package org.credrelay.issuergateway.webhook;

import java.util.List;

/**
 * What a PATCH changes; a null field is left as it is.
 *
 * @param enabled true re-enables a disabled endpoint (and forgets its failures); false disables it
 */
public record WebhookChange(
    String url, String description, List<String> eventTypes, Boolean enabled) {}
