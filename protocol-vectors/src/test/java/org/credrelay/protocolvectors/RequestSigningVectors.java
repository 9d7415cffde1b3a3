package org.credrelay.protocolvectors;

import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import io.grpc.MethodDescriptor;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.e2ecrypto.signing.InMemoryNonceStore;
import org.credrelay.e2ecrypto.signing.KeyBinding;
import org.credrelay.e2ecrypto.signing.RequestSignatureHeaders;
import org.credrelay.e2ecrypto.signing.RequestSigner;
import org.credrelay.e2ecrypto.signing.RequestVerifier;
import org.credrelay.e2ecrypto.signing.SigningInputAccess;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc;
import org.credrelay.rpcsigning.RequestSigningInterceptor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * request-signing.json (PROTOCOL.md §2.1-§2.3): per case, a real call through rpc-signing's client
 * interceptor with a fixed nonce and clock; the outputs are the request bytes and metadata the
 * server received and the bytes the signature covers. The checker verifies each signature with
 * e2e-crypto's {@link RequestVerifier} as a server does.
 */
final class RequestSigningVectors implements Construction {

  @Override
  public String fileName() {
    return "request-signing.json";
  }

  @Override
  public JsonNode compute(JsonNode inputs) throws Exception {
    ObjectNode outputs = VectorFile.JSON.createObjectNode();
    for (var testCase : inputs.required("cases").properties()) {
      outputs.set(testCase.getKey(), signedCall(testCase.getValue()));
    }
    outputs.set("keyBindingProof", keyBindingProof(inputs.required("keyBindingProof")));
    return outputs;
  }

  /** PROTOCOL.md §2.5: the holder's proof for AddConnectionFromToken, and the bytes it signs. */
  private static ObjectNode keyBindingProof(JsonNode in) {
    KeyPairJwk authentication = VectorInputs.keyPair(in.required("authenticationKey"));
    PublicKeyJwk communication = VectorInputs.keyPair(in.required("communicationKey")).publicKey();
    String token = VectorInputs.text(in, "token");
    byte[] proof = KeyBinding.sign(authentication, token, communication);
    if (!KeyBinding.verify(authentication.publicKey(), token, communication, proof)) {
      throw new IllegalStateException("the key binding proof does not verify");
    }
    ObjectNode out = VectorFile.JSON.createObjectNode();
    out.put(
        "signedBytesHex",
        VectorInputs.hex(KeyBinding.bytes(token, authentication.kid(), communication.kid())));
    out.put("proofHex", VectorInputs.hex(proof));
    return out;
  }

  @Override
  public String inputToMutate() {
    return "/cases/unary/nonce";
  }

  private static ObjectNode signedCall(JsonNode in) throws Exception {
    KeyPairJwk key = VectorInputs.keyPair(in.required("signingKey"));
    Clock clock = VectorInputs.clockAtMillis(in.required("timestampMillis").longValue());
    FixedRandom random = FixedRandom.of(VectorInputs.base64Url(in, "nonce"));
    String did = in.has("did") ? VectorInputs.text(in, "did") : null;
    MethodDescriptor<Message, Message> method = method(VectorInputs.text(in, "method"));
    Message.Builder request = prototype(method).newBuilderForType();
    TextFormat.merge(VectorInputs.text(in, "requestTextFormat"), request);

    SignedCallCapture.Captured captured =
        SignedCallCapture.call(
            new RequestSigningInterceptor(new RequestSigner(key, did, clock, random)),
            method,
            request.build());
    random.assertAllDrawn();
    Map<String, String> metadata = captured.metadata();
    new RequestVerifier(clock, new InMemoryNonceStore(clock), Duration.ofMinutes(5))
        .verify(method.getFullMethodName(), captured.requestBytes(), metadata, key.publicKey());

    ObjectNode out = VectorFile.JSON.createObjectNode();
    out.put("requestBytesHex", VectorInputs.hex(captured.requestBytes()));
    ObjectNode sent = out.putObject("metadata");
    metadata.forEach(sent::put);
    out.put(
        "signedBytesHex",
        VectorInputs.hex(
            SigningInputAccess.signedBytes(
                method.getFullMethodName(),
                metadata.get(RequestSignatureHeaders.NONCE),
                metadata.get(RequestSignatureHeaders.TIMESTAMP),
                captured.requestBytes())));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static MethodDescriptor<Message, Message> method(String fullName) {
    return ConnectorServiceGrpc.getServiceDescriptor().getMethods().stream()
        .filter(m -> m.getFullMethodName().equals(fullName))
        .map(m -> (MethodDescriptor<Message, Message>) m)
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("not a ConnectorService method: " + fullName));
  }

  private static Message prototype(MethodDescriptor<Message, Message> method) {
    return ((MethodDescriptor.PrototypeMarshaller<Message>) method.getRequestMarshaller())
        .getMessagePrototype();
  }
}
