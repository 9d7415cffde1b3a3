package org.credrelay.issuergateway.connection;

import java.time.Instant;

/**
 * Which of a tenant's connections a listing or a count covers; every part is optional (null = any).
 *
 * @param from created at or after this time
 * @param to created before this time
 * @param updatedFrom last changed at or after this time
 * @param updatedTo last changed before this time
 * @param lastErrorCode only connections whose last error has this code
 */
public record ConnectionFilter(
    ConnectionState state,
    Instant from,
    Instant to,
    Instant updatedFrom,
    Instant updatedTo,
    ConnectionErrorCode lastErrorCode) {}
