package org.credrelay.connector.push.service;

import java.time.Clock;
import java.util.regex.Pattern;
import org.credrelay.connector.caller.Caller;
import org.credrelay.connector.error.ConnectorException;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.push.PushProperties;
import org.credrelay.connector.push.PushProvider;
import org.credrelay.connector.push.PushTarget;
import org.credrelay.connector.push.store.PushTargetStore;
import org.credrelay.connector.push.store.PushTargetStore.Registration;
import org.springframework.stereotype.Service;

/**
 * Registers and deletes the caller's push targets (RegisterPushTarget, DeletePushTarget): checks
 * the device id and token shape, the token size, that a notifier serves the provider, and the
 * number of targets per caller.
 */
@Service
public class PushTargetManager {

  private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x21-\\x7e]+");

  private final PushTargetStore store;
  private final WakeUpNotifiers notifiers;
  private final PushProperties properties;
  private final Clock clock;

  public PushTargetManager(
      PushTargetStore store, WakeUpNotifiers notifiers, PushProperties properties, Clock clock) {
    this.store = store;
    this.notifiers = notifiers;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * Stores or replaces the target of {@code deviceId}; {@code provider} null means UNSPECIFIED.
   *
   * @return how many targets the caller has now
   */
  public int register(Caller caller, String deviceId, PushProvider provider, String token) {
    requireDeviceId(deviceId);
    if (provider == null) {
      throw new ConnectorException(ErrorReason.INVALID_PUSH_TARGET, "provider is not set");
    }
    if (token == null || token.isEmpty()) {
      throw new ConnectorException(ErrorReason.INVALID_PUSH_TARGET, "token is empty");
    }
    if (PushTargetStore.tokenBytes(token) > properties.maxTokenBytes()) {
      throw new ConnectorException(
          ErrorReason.PUSH_TOKEN_TOO_LARGE,
          "token is longer than " + properties.maxTokenBytes() + " bytes");
    }
    if (!PRINTABLE_ASCII.matcher(token).matches()) {
      throw new ConnectorException(ErrorReason.INVALID_PUSH_TARGET, "token is not printable ASCII");
    }
    if (!notifiers.supports(provider)) {
      throw new ConnectorException(
          ErrorReason.PUSH_PROVIDER_UNSUPPORTED, "this connector sends no " + provider + " pushes");
    }
    Registration registration =
        store.register(
            new PushTarget(caller.id(), deviceId, provider, token),
            properties.maxTargetsPerParticipant(),
            clock.instant());
    if (registration instanceof Registration.LimitReached limit) {
      throw new ConnectorException(
          ErrorReason.TOO_MANY_PUSH_TARGETS,
          "at most " + limit.limit() + " push targets; delete one first");
    }
    return ((Registration.Stored) registration).targets();
  }

  /** Deletes the target of {@code deviceId}; false if the caller had none. */
  public boolean delete(Caller caller, String deviceId) {
    requireDeviceId(deviceId);
    return store.delete(caller.id(), deviceId);
  }

  private static void requireDeviceId(String deviceId) {
    if (deviceId == null || !DEVICE_ID.matcher(deviceId).matches()) {
      throw new ConnectorException(
          ErrorReason.INVALID_PUSH_TARGET, "device_id is not 1..64 characters of [A-Za-z0-9._-]");
    }
  }
}
