package org.credrelay.issuergateway.credential.service;

import java.util.List;
import org.credrelay.issuergateway.delivery.Delivery;

/**
 * The deliveries of an issuing request.
 *
 * @param replayed true if the Idempotency-Key was seen before with the same request: nothing new
 *     was created and the original deliveries are returned
 */
public record IssueOutcome(List<Delivery> deliveries, boolean replayed) {}
