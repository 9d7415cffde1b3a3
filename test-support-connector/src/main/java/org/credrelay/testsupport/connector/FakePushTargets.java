package org.credrelay.testsupport.connector;

import io.grpc.Status;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.credrelay.proto.connector.v1.PushProvider;
import org.credrelay.proto.connector.v1.RegisterPushTargetRequest;

/**
 * The fake's push targets (RegisterPushTarget, DeletePushTarget) with the real connector's checks
 * and default limits. The fake never sends wake-ups; tests read what a client registered.
 */
final class FakePushTargets {

  /** connector.messages.push.max-targets-per-participant and max-token-bytes (defaults). */
  static final int MAX_TARGETS = 10;

  static final int MAX_TOKEN_BYTES = 4096;
  private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x21-\\x7e]+");

  private final Map<String, Map<String, FakeConnector.PushTarget>> byCaller = new HashMap<>();

  /** Stores or replaces; returns the caller's number of targets. Call under the fake's lock. */
  int register(String callerId, RegisterPushTargetRequest request) {
    requireDeviceId(request.getDeviceId());
    PushProvider provider = request.getProvider();
    String token = request.getToken();
    if (provider == PushProvider.PUSH_PROVIDER_UNSPECIFIED
        || provider == PushProvider.UNRECOGNIZED
        || token.isEmpty()) {
      throw FakeErrors.invalid("provider not set or token empty");
    }
    if (token.length() > MAX_TOKEN_BYTES) {
      throw FakeErrors.refuse(Status.Code.RESOURCE_EXHAUSTED, "token too large");
    }
    if (!PRINTABLE_ASCII.matcher(token).matches()) {
      throw FakeErrors.invalid("token is not printable ASCII");
    }
    Map<String, FakeConnector.PushTarget> targets =
        byCaller.computeIfAbsent(callerId, id -> new LinkedHashMap<>());
    if (!targets.containsKey(request.getDeviceId()) && targets.size() >= MAX_TARGETS) {
      throw FakeErrors.refuse(Status.Code.RESOURCE_EXHAUSTED, "too many push targets");
    }
    targets.put(
        request.getDeviceId(),
        new FakeConnector.PushTarget(request.getDeviceId(), provider, token));
    return targets.size();
  }

  boolean delete(String callerId, String deviceId) {
    requireDeviceId(deviceId);
    Map<String, FakeConnector.PushTarget> targets = byCaller.get(callerId);
    return targets != null && targets.remove(deviceId) != null;
  }

  Map<String, FakeConnector.PushTarget> of(String callerId) {
    return Map.copyOf(byCaller.getOrDefault(callerId, Map.of()));
  }

  private static void requireDeviceId(String deviceId) {
    if (!DEVICE_ID.matcher(deviceId).matches()) {
      throw FakeErrors.invalid("device_id is not 1..64 characters of [A-Za-z0-9._-]");
    }
  }
}
