package org.credrelay.connector.participant.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.credrelay.connector.caller.Caller;
import org.credrelay.connector.error.ConnectorException;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.participant.Dids;
import org.credrelay.connector.participant.Participant;
import org.credrelay.connector.participant.ParticipantRole;
import org.credrelay.connector.participant.store.ParticipantStore;
import org.springframework.stereotype.Service;

/**
 * Registers issuers and verifiers. The caller has already proven control of the DID: the request
 * was verified with an ACTIVE authentication key of that DID from the key registry.
 */
@Service
public class ParticipantManager {

  static final int MAX_NAME_LENGTH = 200;

  private final ParticipantStore store;
  private final Clock clock;

  public ParticipantManager(ParticipantStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Registers {@code did}; registering again with the same name and role succeeds unchanged.
   *
   * @throws ConnectorException INVALID_ARGUMENT, UNAUTHENTICATED (signed for another DID),
   *     ALREADY_EXISTS (registered with another name or role)
   */
  public Participant register(
      Caller.Participant caller, String did, String name, ParticipantRole role) {
    if (!Dids.isValid(did)) {
      throw new ConnectorException(
          ErrorReason.INVALID_DID, "did is not a valid DID (did:<method>:<id>, <= 512 chars)");
    }
    if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
      throw new ConnectorException(
          ErrorReason.INVALID_PARTICIPANT_NAME, "name must have 1..200 characters");
    }
    if (role == null) {
      throw new ConnectorException(
          ErrorReason.INVALID_PARTICIPANT_ROLE, "role must be ISSUER or VERIFIER");
    }
    if (!caller.did().equals(did)) {
      throw new ConnectorException(
          ErrorReason.WRONG_SIGNER, "request must be signed by a key of the DID it registers");
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Participant stored = store.insertIfAbsent(new Participant(did, name, role, now));
    if (!stored.name().equals(name) || stored.role() != role) {
      throw new ConnectorException(
          ErrorReason.PARTICIPANT_ALREADY_REGISTERED,
          "DID is already registered with another name or role");
    }
    return stored;
  }

  public Optional<Participant> find(String did) {
    return store.find(did);
  }

  /** The registered participant behind {@code caller}, or PERMISSION_DENIED. */
  public Participant require(Caller.Participant caller) {
    return store
        .find(caller.did())
        .orElseThrow(
            () ->
                new ConnectorException(
                    ErrorReason.NOT_A_PARTICIPANT, "caller is not a registered participant"));
  }
}
