package org.credrelay.keyregistry.error;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Counts refused requests by reason, error code and transport ({@code keyregistry.refusals}). */
@Component
public class RefusalMetrics {

  static final String NAME = "keyregistry.refusals";

  private final MeterRegistry registry;

  public RefusalMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void record(RegistryException refusal, String transport) {
    Counter.builder(NAME)
        .description("Requests refused, by reason")
        .tag("reason", refusal.reason().name())
        .tag("code", refusal.code().name())
        .tag("transport", transport)
        .register(registry)
        .increment();
  }
}
