package org.credrelay.issuergateway.invitation.service;

import org.credrelay.issuergateway.connection.ConnectionState;
import org.credrelay.issuergateway.invitation.IssuedInvitation;

/**
 * An invitation with the state of its connection and, while it is still available, its URI (which
 * contains the secret).
 */
public record InvitationView(
    IssuedInvitation invitation, ConnectionState connectionState, String uri) {

  @Override
  public String toString() {
    return "InvitationView[" + invitation.id() + ", " + connectionState + ", uri redacted]";
  }
}
