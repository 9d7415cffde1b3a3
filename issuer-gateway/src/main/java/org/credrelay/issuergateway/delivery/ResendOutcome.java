package org.credrelay.issuergateway.delivery;

import java.util.List;

/**
 * The deliveries a resend request created.
 *
 * @param replayed true if the Idempotency-Key was seen before with the same request: nothing new
 *     was created and the original resends are returned
 * @param remaining bulk resend: deliveries that matched the filter and can still be resent but were
 *     left for the next call (at most {@code gateway.delivery.bulk-resend-max-items} per call)
 */
public record ResendOutcome(List<Delivery> deliveries, boolean replayed, long remaining) {}
