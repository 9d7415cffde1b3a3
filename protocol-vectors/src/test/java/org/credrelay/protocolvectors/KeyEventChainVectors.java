package org.credrelay.protocolvectors;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.keyhistory.DidLogBuilder;
import org.credrelay.keyhistory.EventAuthorization;
import org.credrelay.keyhistory.KeyEvent;
import org.credrelay.keyhistory.KeyEventHashing;
import org.credrelay.keyhistory.KeyHistoryVerifier;
import org.credrelay.keyhistory.KeyUsage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * key-event-chain.json (PROTOCOL.md §2.5, "Key event hash" and "Verifying a key history"): a DID's
 * key log written as the registry writes it (key-history's {@code DidLogBuilder}: every event
 * authorised by a really signed request, hashed with {@link KeyEventHashing}), with the canonical
 * bytes and hash of each event. The checker verifies the log with {@link KeyHistoryVerifier}.
 */
final class KeyEventChainVectors implements Construction {

  @Override
  public String fileName() {
    return "key-event-chain.json";
  }

  @Override
  public JsonNode compute(JsonNode inputs) throws Exception {
    Map<String, KeyPairJwk> keys = new HashMap<>();
    inputs
        .required("keys")
        .properties()
        .forEach(k -> keys.put(k.getKey(), VectorInputs.keyPair(k.getValue())));
    List<byte[]> nonces =
        inputs
            .required("steps")
            .valueStream()
            .map(step -> VectorInputs.base64Url(step, "nonce"))
            .toList();
    FixedRandom random = new FixedRandom(nonces);
    DidLogBuilder log =
        new DidLogBuilder(
            VectorInputs.text(inputs, "did"),
            Instant.ofEpochMilli(inputs.required("startMillis").longValue()),
            random);
    for (JsonNode step : inputs.required("steps")) {
      apply(log, step, keys);
    }
    random.assertAllDrawn();
    new KeyHistoryVerifier().verify(log.owner(), log.served(), null, log.head());

    ObjectNode outputs = VectorFile.JSON.createObjectNode();
    var events = outputs.putArray("events");
    log.events().forEach(event -> events.add(event(event)));
    outputs
        .putObject("head")
        .put("sequence", log.head().sequence())
        .put("eventHash", log.head().eventHash());
    return outputs;
  }

  @Override
  public String inputToMutate() {
    return "/did";
  }

  private static void apply(DidLogBuilder log, JsonNode step, Map<String, KeyPairJwk> keys) {
    switch (VectorInputs.text(step, "op")) {
      case "register" ->
          log.register(key(keys, step, "authentication"), key(keys, step, "communication"));
      case "rotateCommunicationKey" ->
          log.rotateCommunicationKey(
              key(keys, step, "signer"), key(keys, step, "old"), key(keys, step, "new"));
      case "addAuthenticationKey" ->
          log.addAuthenticationKey(key(keys, step, "signer"), key(keys, step, "added"));
      case "revoke" ->
          log.revoke(
              key(keys, step, "signer"),
              key(keys, step, "revoked"),
              KeyUsage.valueOf(VectorInputs.text(step, "usage")));
      default -> throw new IllegalArgumentException("unknown step " + step);
    }
  }

  private static KeyPairJwk key(Map<String, KeyPairJwk> keys, JsonNode step, String role) {
    String name = VectorInputs.text(step, role);
    KeyPairJwk key = keys.get(name);
    if (key == null) {
      throw new IllegalArgumentException("no key named " + name);
    }
    return key;
  }

  private static ObjectNode event(KeyEvent event) {
    ObjectNode out = VectorFile.JSON.createObjectNode();
    out.put("sequence", event.sequence());
    out.put("type", event.type().name());
    out.put("keyId", event.keyId());
    out.put("usage", event.usage().name());
    out.put("publicJwk", event.publicJwk());
    out.put("replacedKeyId", event.replacedKeyId() == null ? "" : event.replacedKeyId());
    out.put(
        "replacedKeyRevokedAtMillis",
        event.replacedKeyRevokedAt() == null
            ? ""
            : Long.toString(event.replacedKeyRevokedAt().toEpochMilli()));
    out.put("occurredAtMillis", event.occurredAt().toEpochMilli());
    out.put("previousHash", event.previousHash());
    EventAuthorization auth = event.authorization();
    out.putObject("authorization")
        .put("signerKeyId", auth.signerKeyId())
        .put("method", auth.method())
        .put("nonce", auth.nonce())
        .put("timestampMillis", auth.timestampMillis())
        .put("signedPayloadHex", VectorInputs.hex(auth.signedPayload()))
        .put("signatureHex", VectorInputs.hex(auth.signature()));
    out.put("canonicalBytesHex", VectorInputs.hex(KeyEventHashing.canonicalBytes(event)));
    out.put("eventHash", event.eventHash());
    return out;
  }
}
