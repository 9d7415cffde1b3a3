package org.credrelay.keyregistry.key.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Counts committed key changes as {@value #REGISTRATIONS} by kind: {@code did_registered}, {@code
 * key_added}, {@code key_rotated}, {@code key_revoked}, {@code connection_registered}, {@code
 * operator_revoked}.
 */
@Component
public class KeyChangeMetrics {

  static final String REGISTRATIONS = "keyregistry.registrations";

  private final MeterRegistry meters;

  public KeyChangeMetrics(MeterRegistry meters) {
    this.meters = meters;
  }

  public void committed(String kind) {
    Counter.builder(REGISTRATIONS)
        .description("Committed key registrations and changes, by kind")
        .tag("kind", kind)
        .register(meters)
        .increment();
  }
}
