package org.credrelay.e2ecrypto.vectors;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Loads the vector files copied into src/test/resources/vectors (never from /work/shared). */
public final class TestVectors {

  public static final JsonMapper MAPPER = JsonMapper.builder().build();

  private TestVectors() {}

  public static JsonNode load(String resource) {
    try (InputStream in = TestVectors.class.getResourceAsStream("/vectors/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /vectors/" + resource);
      }
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One Wycheproof test with the group it belongs to. */
  public record WycheproofCase(JsonNode group, JsonNode test) {
    public int id() {
      return test.get("tcId").asInt();
    }

    public String result() {
      return test.get("result").asString();
    }

    public byte[] hex(String member) {
      return HexFormat.of().parseHex(test.get(member).asString());
    }

    public String flags() {
      return test.get("flags").toString();
    }

    public String displayName() {
      return "tc" + id() + " " + result() + " " + test.get("comment").asString() + " " + flags();
    }
  }

  public static List<WycheproofCase> wycheproof(String file) {
    List<WycheproofCase> cases = new ArrayList<>();
    for (JsonNode group : load("wycheproof/" + file).get("testGroups")) {
      for (JsonNode test : group.get("tests")) {
        cases.add(new WycheproofCase(group, test));
      }
    }
    return cases;
  }

  /** A copy of a JSON object with member names trimmed: the DIDComm A.2 block spells "kid ". */
  public static String trimmedMemberNames(JsonNode object) {
    ObjectNode copy = MAPPER.createObjectNode();
    for (var entry : object.properties()) {
      copy.set(entry.getKey().trim(), entry.getValue());
    }
    return MAPPER.writeValueAsString(copy);
  }
}
