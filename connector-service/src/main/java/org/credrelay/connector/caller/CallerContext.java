package org.credrelay.connector.caller;

import io.grpc.Context;
import org.credrelay.connector.error.ConnectorException;
import org.credrelay.connector.error.ErrorReason;

/**
 * Carries the caller that the request authentication established into the service method (a gRPC
 * {@link Context} value, so it follows the call across threads that attach the context).
 */
public final class CallerContext {

  public static final Context.Key<Caller> CALLER = Context.key("credrelay-caller");

  private CallerContext() {}

  /** The caller of the current call. */
  public static Caller current() {
    Caller caller = CALLER.get();
    if (caller == null) {
      // Only reachable if a method were added without passing the authentication interceptor.
      throw ConnectorException.unauthenticated("request is not authenticated");
    }
    return caller;
  }

  /** The caller, who must be a participant. */
  public static Caller.Participant participant() {
    if (current() instanceof Caller.Participant participant) {
      return participant;
    }
    throw new ConnectorException(ErrorReason.NOT_A_PARTICIPANT,
        "only participants (issuers, verifiers) may call this");
  }
}
