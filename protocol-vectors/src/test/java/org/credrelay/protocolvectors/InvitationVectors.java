package org.credrelay.protocolvectors;

import java.time.Instant;
import java.util.Arrays;
import org.credrelay.e2ecrypto.handshake.Invitation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * invitation.json (PROTOCOL.md §4.1): the invitation URI the issuer shows and the token hash that
 * names the connection inside the handshake. The checker also parses the URI back at {@code now}.
 */
final class InvitationVectors implements Construction {

  @Override
  public String fileName() {
    return "invitation.json";
  }

  /**
   * The invitation of {@code {"token", "secret", "did", "exp"[, "name"][, "connector"]}}, created
   * by the library with the fixed secret as its random draw.
   */
  static Invitation invitation(JsonNode in) {
    FixedRandom random = FixedRandom.of(VectorInputs.base64Url(in, "secret"));
    Invitation invitation =
        Invitation.create(
            VectorInputs.text(in, "token"),
            VectorInputs.text(in, "did"),
            Instant.ofEpochSecond(in.required("exp").longValue()),
            random);
    random.assertAllDrawn();
    if (in.has("name")) {
      invitation = invitation.withIssuerName(VectorInputs.text(in, "name"));
    }
    if (in.has("connector")) {
      invitation = invitation.withConnectorAddress(VectorInputs.text(in, "connector"));
    }
    return invitation;
  }

  @Override
  public JsonNode compute(JsonNode inputs) throws Exception {
    Invitation invitation = invitation(inputs.required("invitation"));
    String uri = invitation.toUri();
    Invitation parsed =
        Invitation.parse(uri, VectorInputs.clockAtSeconds(inputs.required("now").longValue()));
    if (!Arrays.equals(parsed.secret(), invitation.secret())
        || !parsed.tokenHash().equals(invitation.tokenHash())) {
      throw new IllegalStateException("the URI does not parse back to the invitation: " + uri);
    }
    ObjectNode outputs = VectorFile.JSON.createObjectNode();
    outputs.put("uri", uri);
    outputs.put("tokenHash", invitation.tokenHash());
    return outputs;
  }

  @Override
  public String inputToMutate() {
    return "/invitation/token";
  }
}
