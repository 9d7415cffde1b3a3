package org.credrelay.archfixture.bad.r3a.invitation.service;

import org.credrelay.archfixture.bad.r3a.connection.service.ConnectionManager;

/** Fixture: invitation -> connection. */
public class InvitationManager {
  private final ConnectionManager connections;

  public InvitationManager(ConnectionManager connections) {
    this.connections = connections;
  }

  public String accept(String id) {
    return connections.connect(id);
  }
}
