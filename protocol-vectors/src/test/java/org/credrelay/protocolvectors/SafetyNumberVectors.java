package org.credrelay.protocolvectors;

import java.util.ArrayList;
import java.util.List;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.e2ecrypto.keys.SafetyNumber;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * safety-number.json (PROTOCOL.md §1.5): per case, the public keys, the thumbprints that go into
 * the computation (sorted) and the safety number.
 */
final class SafetyNumberVectors implements Construction {

  @Override
  public String fileName() {
    return "safety-number.json";
  }

  @Override
  public JsonNode compute(JsonNode inputs) throws Exception {
    ObjectNode outputs = VectorFile.JSON.createObjectNode();
    for (var testCase : inputs.required("cases").properties()) {
      List<PublicKeyJwk> keys = new ArrayList<>();
      for (JsonNode key : testCase.getValue().required("publicKeys")) {
        keys.add(Keys.parsePublic(key.toString(), useOf(key)));
      }
      ObjectNode out = outputs.putObject(testCase.getKey());
      var thumbprints = out.putArray("sortedThumbprints");
      keys.stream().map(PublicKeyJwk::thumbprint).distinct().sorted().forEach(thumbprints::add);
      out.put("safetyNumber", SafetyNumber.of(keys).grouped());
    }
    return outputs;
  }

  @Override
  public String inputToMutate() {
    return "/cases/twoKeys/publicKeys/0/x";
  }

  private static KeyUse useOf(JsonNode jwk) {
    String crv = jwk.required("crv").stringValue();
    return crv.equals("X25519") || crv.equals("P-256")
        ? KeyUse.COMMUNICATION
        : KeyUse.AUTHENTICATION;
  }
}
