package org.credrelay.connector.message.service;

import org.credrelay.connector.connection.Connection;
import org.credrelay.connector.error.ConnectorException;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.keys.KeyOwner;
import org.credrelay.connector.keys.service.KeyRegistryClient;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.springframework.stereotype.Component;

/**
 * Threat model S6: an EncryptedMessage must name an ACTIVE communication key of its recipient, the
 * other side of the connection — the holder's keys registered for this connection, or the
 * participant's DID keys — according to the key registry.
 */
@Component
public class RecipientKeyValidator {

  private final KeyRegistryClient registry;

  public RecipientKeyValidator(KeyRegistryClient registry) {
    this.registry = registry;
  }

  public void requireActiveRecipientKey(Connection connection, String senderId, String keyId) {
    boolean recipientIsHolder = connection.participantDid().equals(senderId);
    KeyOwner owner =
        recipientIsHolder
            ? new KeyOwner.Connection(connection.id())
            : new KeyOwner.Did(connection.participantDid());
    if (registry.activeKey(owner, KeyUse.COMMUNICATION, keyId).isEmpty()) {
      throw new ConnectorException(
          ErrorReason.RECIPIENT_KEY_NOT_ACTIVE,
          "EncryptedMessage.key_id is not an ACTIVE communication"
              + " key of the recipient ("
              + (recipientIsHolder ? "holder of this connection" : "participant")
              + ")");
    }
  }
}
