package org.credrelay.wallet.sdk;

import org.credrelay.e2ecrypto.envelope.EnvelopeException;

/** Why a received message was refused. */
public enum RefusalReason {
  /** The envelope's ciphertext, tag or header was changed. */
  TAMPERED,
  /** Not encrypted to this connection's key. */
  WRONG_RECIPIENT,
  /** Not sealed by the issuer key pinned for this connection (forged sender). */
  UNEXPECTED_SENDER,
  /** Outside the algorithm allow-list, including anoncrypt (no authenticated sender). */
  ALGORITHM_NOT_ALLOWED,
  /** Sealed for another connection than the one it arrived on (moved by the connector). */
  WRONG_CONNECTION,
  /** This envelope was accepted before. */
  REPLAY,
  /** Created too long ago or in the future. */
  TOO_OLD,
  /** Not a well-formed message or envelope. */
  MALFORMED,
  /** On a connection this wallet does not know. */
  UNKNOWN_CONNECTION,
  /** On a connection whose handshake has not verified (pending or failed). */
  CONNECTION_NOT_VERIFIED,
  /** On a connection marked KEY_MISMATCH. */
  KEY_MISMATCH,
  /**
   * A credential or revocation outside an envelope: anyone, the connector included, could send it.
   */
  NOT_ENCRYPTED,
  /** A handshake message in the wrong direction (the holder's own hello reflected back). */
  HANDSHAKE_REFLECTED,
  /** A well-formed message of a kind the wallet does not accept here. */
  UNSUPPORTED_CONTENT,
  /**
   * A key rotation announcement the key registry does not confirm (new key not ACTIVE for the
   * issuer, no verified ROTATED event from the pinned key to it, registry unreachable): the pin is
   * kept.
   */
  KEY_ROTATION_REFUSED,
  /**
   * The issuer key the message was sealed with is revoked according to its verified history (S8),
   * or it is the rotated-out key and the message was sealed after the rotation or after its grace
   * period.
   */
  KEY_REVOKED,
  /** The issuer's verified key history does not contain the pinned key (S8). */
  KEY_NOT_REGISTERED;

  static RefusalReason of(EnvelopeException.Reason reason) {
    return switch (reason) {
      case TAMPERED -> TAMPERED;
      case WRONG_RECIPIENT -> WRONG_RECIPIENT;
      case UNEXPECTED_SENDER -> UNEXPECTED_SENDER;
      case ALGORITHM_NOT_ALLOWED -> ALGORITHM_NOT_ALLOWED;
      case WRONG_CONNECTION -> WRONG_CONNECTION;
      case REPLAY -> REPLAY;
      case TOO_OLD -> TOO_OLD;
      case MALFORMED -> MALFORMED;
    };
  }
}
