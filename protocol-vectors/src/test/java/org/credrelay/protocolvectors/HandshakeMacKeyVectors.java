package org.credrelay.protocolvectors;

import org.credrelay.e2ecrypto.handshake.Direction;
import org.credrelay.e2ecrypto.handshake.HandshakeKeyAccess;
import org.credrelay.e2ecrypto.handshake.Invitation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * handshake-mac-keys.json (PROTOCOL.md §4.2): the HKDF-SHA256 inputs and the HS256 key of each
 * direction, derived from an invitation's secret and token hash.
 */
final class HandshakeMacKeyVectors implements Construction {

  @Override
  public String fileName() {
    return "handshake-mac-keys.json";
  }

  @Override
  public JsonNode compute(JsonNode inputs) {
    Invitation invitation = InvitationVectors.invitation(inputs.required("invitation"));
    ObjectNode outputs = VectorFile.JSON.createObjectNode();
    outputs.put("tokenHash", invitation.tokenHash());
    outputs.put("salt", HandshakeKeyAccess.salt());
    for (Direction direction : Direction.values()) {
      ObjectNode out = outputs.putObject(direction.label());
      out.put("info", HandshakeKeyAccess.info(invitation, direction));
      out.put("keyHex", VectorInputs.hex(HandshakeKeyAccess.macKey(invitation, direction)));
    }
    return outputs;
  }

  @Override
  public String inputToMutate() {
    return "/invitation/secret";
  }
}
