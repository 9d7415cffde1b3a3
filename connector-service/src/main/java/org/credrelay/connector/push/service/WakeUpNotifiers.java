package org.credrelay.connector.push.service;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.credrelay.connector.push.PushNotifier;
import org.credrelay.connector.push.PushProvider;
import org.springframework.stereotype.Service;

/**
 * The {@link PushNotifier} beans by provider. A notifier bean that names a provider takes it; when
 * two name the same provider, the one listed first in Spring's order wins (so an FCM adapter
 * annotated {@code @Order(0)} takes FCM from the relay and leaves it the others).
 */
@Service
public class WakeUpNotifiers {

  private final Map<PushProvider, PushNotifier> byProvider = new EnumMap<>(PushProvider.class);

  public WakeUpNotifiers(List<PushNotifier> notifiers) {
    for (PushNotifier notifier : notifiers) {
      notifier.providers().forEach(provider -> byProvider.putIfAbsent(provider, notifier));
    }
  }

  /** True if some notifier delivers for {@code provider}. */
  public boolean supports(PushProvider provider) {
    return byProvider.containsKey(provider);
  }

  /** True if push wake-up is on at all (some notifier is configured). */
  public boolean any() {
    return !byProvider.isEmpty();
  }

  Optional<PushNotifier> forProvider(PushProvider provider) {
    return Optional.ofNullable(byProvider.get(provider));
  }
}
