package org.credrelay.archfixture.bad.r3a.connection.service;

import org.credrelay.archfixture.bad.r3a.invitation.Invitation;

/**
 * Fixture violating R3a only: connection -> invitation closes a cycle between the two features,
 * while the packages themselves (invitation.service -> connection.service -> invitation) do not.
 */
public class ConnectionManager {
  public String connect(String invitationId) {
    return new Invitation(invitationId).id();
  }
}
