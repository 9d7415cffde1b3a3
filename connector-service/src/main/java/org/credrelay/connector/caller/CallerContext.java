package org.credrelay.connector.caller;

import org.credrelay.connector.error.ConnectorException;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.rpcsigning.VerifiedCall;

/**
 * The caller that request verification established, for the service method: derived from
 * rpc-signing's {@link VerifiedCall} in the gRPC {@code Context} (so it follows the call across
 * threads that attach the context). A call with {@code x-credrelay-did} is a participant's; any
 * other is a holder's, identified by the thumbprint of the key that signed it.
 */
public final class CallerContext {

  private CallerContext() {}

  /** The caller of the current call. */
  public static Caller current() {
    VerifiedCall call =
        VerifiedCall.find()
            .orElseThrow(
                () ->
                    // Only reachable if a method were declared unsigned but read its caller.
                    ConnectorException.unauthenticated("request is not authenticated"));
    return call.did() != null
        ? new Caller.Participant(call.did(), call.keyId())
        : new Caller.Holder(call.signerKey().thumbprint());
  }

  /** The caller, who must be a participant. */
  public static Caller.Participant participant() {
    if (current() instanceof Caller.Participant participant) {
      return participant;
    }
    throw new ConnectorException(
        ErrorReason.NOT_A_PARTICIPANT, "only participants (issuers, verifiers) may call this");
  }
}
