package org.credrelay.testsupport.connector;

import java.time.Instant;
import java.util.List;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.proto.connector.v1.ConnectionState;

/** One connection of the fake connector; guarded by the fake's lock. */
final class FakeConnection {

  final String id;
  final String token;
  final String participantDid;
  final Instant createdAt;
  final Instant expiresAt;
  ConnectionState state = ConnectionState.CONNECTION_STATE_INVITED;
  String holderKeyId;
  PublicKeyJwk holderCommunicationKey;
  Instant connectedAt;
  Instant revokedAt;
  int refusedAccepts;
  Instant lastRefusedAt;

  /** Test hooks: what a lying connector reports instead of the truth (null: the truth). */
  String reportedHolderKeyId;

  String reportedParticipantDid;
  List<PublicKeyJwk> otherSideKeys;

  FakeConnection(
      String id, String token, String participantDid, Instant createdAt, Instant expiresAt) {
    this.id = id;
    this.token = token;
    this.participantDid = participantDid;
    this.createdAt = createdAt;
    this.expiresAt = expiresAt;
  }

  /** The state at {@code now}: an unaccepted token past its expiry is EXPIRED (never stored). */
  ConnectionState state(Instant now) {
    return state == ConnectionState.CONNECTION_STATE_INVITED && !now.isBefore(expiresAt)
        ? ConnectionState.CONNECTION_STATE_EXPIRED
        : state;
  }

  boolean hasSide(String callerId) {
    return participantDid.equals(callerId) || callerId.equals(holderKeyId);
  }

  /** The other side's id, as the recipient of a message from {@code senderId}. */
  String otherSide(String senderId) {
    return participantDid.equals(senderId) ? holderKeyId : participantDid;
  }
}
