package org.credrelay.connector.participant;

/** Kind of registered participant. */
public enum ParticipantRole {
  ISSUER,
  VERIFIER
}
