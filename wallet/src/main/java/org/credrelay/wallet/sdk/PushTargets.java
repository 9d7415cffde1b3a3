package org.credrelay.wallet.sdk;

import io.grpc.StatusRuntimeException;
import org.credrelay.wallet.connector.ConnectorClient;

/**
 * Registers and deletes this holder's push targets at the connector (RegisterPushTarget,
 * DeletePushTarget). Nothing is kept in the wallet file: the connector is the only place where a
 * target matters, and registering again with the same device id replaces it.
 */
final class PushTargets {

  private final ConnectorClient connector;

  PushTargets(ConnectorClient connector) {
    this.connector = connector;
  }

  int register(String deviceId, PushProvider provider, String token) {
    try {
      return connector.registerPushTarget(deviceId, provider.name(), token);
    } catch (StatusRuntimeException e) {
      throw Errors.connector(e, "registering the push target", connector.target());
    }
  }

  boolean delete(String deviceId) {
    try {
      return connector.deletePushTarget(deviceId);
    } catch (StatusRuntimeException e) {
      throw Errors.connector(e, "deleting the push target", connector.target());
    }
  }
}
