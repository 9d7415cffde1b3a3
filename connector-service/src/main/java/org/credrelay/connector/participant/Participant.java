package org.credrelay.connector.participant;

import java.time.Instant;

/** An issuer or verifier registered at the connector; its keys live in the key registry. */
public record Participant(String did, String name, ParticipantRole role, Instant createdAt) {}
