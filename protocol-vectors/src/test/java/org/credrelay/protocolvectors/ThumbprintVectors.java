package org.credrelay.protocolvectors;

import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * thumbprints.json (PROTOCOL.md §1.2-§1.4): for a key of every curve, from its private value, the
 * public JWK the library writes and its RFC 7638 thumbprint.
 */
final class ThumbprintVectors implements Construction {

  @Override
  public String fileName() {
    return "thumbprints.json";
  }

  @Override
  public JsonNode compute(JsonNode inputs) {
    ObjectNode outputs = VectorFile.JSON.createObjectNode();
    for (var key : inputs.required("keys").properties()) {
      KeyPairJwk pair = VectorInputs.keyPair(key.getValue());
      ObjectNode out = outputs.putObject(key.getKey());
      out.set("publicJwk", VectorFile.JSON.readTree(pair.publicKey().toJson()));
      out.put("thumbprint", pair.publicKey().thumbprint());
    }
    return outputs;
  }

  @Override
  public String inputToMutate() {
    return "/keys/holderAuthentication/d";
  }
}
