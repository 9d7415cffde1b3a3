package org.credrelay.wallet.sdk;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.credrelay.proto.connector.v1.ReceivedMessage;
import org.credrelay.proto.messages.v1.CredentialMessage;
import org.credrelay.proto.messages.v1.CredentialRevokedMessage;
import org.credrelay.wallet.store.ConnectionRecord;
import org.credrelay.wallet.store.CredentialRecord;
import org.credrelay.wallet.store.WalletState;

/**
 * Stores credentials and revocations that arrived in an authenticated envelope. Credentials are
 * deduplicated by issuer and {@code credential_id}: an issuer retry under a new envelope id is a
 * duplicate for the user, never a second credential.
 */
final class CredentialHandler {

  static final int MAX_DOCUMENT_BYTES = 64 * 1024;
  static final int MAX_ID_LENGTH = 256;
  static final int MAX_TEXT_LENGTH = 1024;

  private final WalletState state;
  private final Clock clock;

  CredentialHandler(WalletState state, Clock clock) {
    this.state = state;
    this.clock = clock;
  }

  WalletEvent received(
      ReceivedMessage received, ConnectionRecord connection, CredentialMessage credential) {
    String problem = validate(credential);
    if (problem != null) {
      return MessageProcessor.refused(received, connection, RefusalReason.MALFORMED, problem);
    }
    String issuer = connection.issuerDid();
    if (state.credential(issuer, credential.getCredentialId()).isPresent()) {
      return new WalletEvent.DuplicateIgnored(
          received.getId(),
          connection.connectionId(),
          "credential " + credential.getCredentialId());
    }
    byte[] document = credential.getDocument().toByteArray();
    CredentialRecord stored =
        new CredentialRecord(
            credential.getCredentialId(),
            connection.connectionId(),
            issuer,
            credential.getMediaType(),
            credential.getIssuedAtMillis(),
            received.getId(),
            clock.instant(),
            null,
            null);
    state.addCredential(stored, document);
    return new WalletEvent.CredentialReceived(
        received.getId(), connection.connectionId(), Views.credential(stored, document));
  }

  WalletEvent revoked(
      ReceivedMessage received, ConnectionRecord connection, CredentialRevokedMessage revocation) {
    if (!isPrintable(revocation.getCredentialId(), MAX_ID_LENGTH)
        || revocation.getReason().length() > MAX_TEXT_LENGTH) {
      return MessageProcessor.refused(
          received, connection, RefusalReason.MALFORMED, "invalid revocation");
    }
    // Only the issuer of a credential can revoke it: look it up under this connection's issuer.
    Optional<CredentialRecord> existing =
        state.credential(connection.issuerDid(), revocation.getCredentialId());
    if (existing.isEmpty()) {
      return new WalletEvent.Ignored(
          received.getId(),
          connection.connectionId(),
          "revocation of unknown credential " + revocation.getCredentialId());
    }
    // The issuer sends the notice on the connection it delivered the credential on (PROTOCOL.md).
    if (!existing.get().connectionId().equals(connection.connectionId())) {
      return new WalletEvent.Ignored(
          received.getId(),
          connection.connectionId(),
          "revocation of credential "
              + revocation.getCredentialId()
              + " on connection "
              + connection.connectionId()
              + ", but it was delivered on connection "
              + existing.get().connectionId());
    }
    if (existing.get().revokedAt() != null) {
      return new WalletEvent.DuplicateIgnored(
          received.getId(),
          connection.connectionId(),
          "revocation of " + revocation.getCredentialId());
    }
    Instant at =
        revocation.getRevokedAtMillis() > 0
            ? Instant.ofEpochMilli(revocation.getRevokedAtMillis())
            : clock.instant();
    CredentialRecord revoked = existing.get().revoked(at, revocation.getReason());
    state.replaceCredential(revoked);
    return new WalletEvent.CredentialRevoked(
        received.getId(),
        connection.connectionId(),
        Views.credential(revoked, Views.document(state, revoked)));
  }

  private static String validate(CredentialMessage credential) {
    if (!isPrintable(credential.getCredentialId(), MAX_ID_LENGTH)) {
      return "credential_id must be 1-256 printable characters";
    }
    if (!isPrintable(credential.getMediaType(), MAX_ID_LENGTH)) {
      return "media_type must be 1-256 printable characters";
    }
    if (credential.getDocument().isEmpty()
        || credential.getDocument().size() > MAX_DOCUMENT_BYTES) {
      return "document must be 1 byte to 64 KiB";
    }
    return null;
  }

  private static boolean isPrintable(String value, int maxLength) {
    return !value.isEmpty()
        && value.length() <= maxLength
        && value.codePoints().noneMatch(Character::isISOControl);
  }
}
