package org.credrelay.issuergateway.credential.rest;

import java.util.Arrays;
import org.credrelay.issuergateway.credential.service.CredentialDocument;
import org.credrelay.issuergateway.credential.service.IJsonRules;
import org.credrelay.issuergateway.credential.service.ParsedJson;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * Takes a credential out of the request body as the exact bytes of its JSON value (from its first
 * to its last byte, by the parser's byte offsets), instead of a parsed tree that would be written
 * again: re-serialising changes numbers ({@code 1e2} -> {@code 100.0}) and escapes. In the same
 * pass it reads the value into a tree with the I-JSON checks ({@link IJsonRules#read}), which the
 * validator and the request hash use, so the document is parsed once. Needs the request body under
 * {@link #SOURCE} and the rules under {@link #RULES} ({@link CredentialRequestConverter} puts them
 * there).
 */
class CredentialDocumentDeserializer extends ValueDeserializer<CredentialDocument> {

  /** Attribute of the deserialization context holding the whole request body (byte[]). */
  static final String SOURCE = CredentialDocumentDeserializer.class.getName() + ".source";

  /** Attribute holding the {@link IJsonRules} the credential is read with. */
  static final String RULES = CredentialDocumentDeserializer.class.getName() + ".rules";

  @Override
  public CredentialDocument deserialize(JsonParser parser, DeserializationContext context) {
    if (!(context.getAttribute(SOURCE) instanceof byte[] body)) {
      throw new IllegalStateException("the raw request body is not available");
    }
    long start = parser.currentTokenLocation().getByteOffset();
    JsonToken first = parser.currentToken();
    // Read (and I-JSON-checked) in this same pass over the body, so nothing parses it again.
    ParsedJson parsed = iJson(context).read(parser, start);
    long end;
    if (first == JsonToken.START_OBJECT || first == JsonToken.START_ARRAY) {
      end = parser.currentTokenLocation().getByteOffset() + 1; // the closing bracket
    } else {
      end = parser.currentLocation().getByteOffset(); // just after a scalar
    }
    if (start < 0 || end > body.length || end <= start) {
      throw new IllegalStateException("no byte offsets for the credential");
    }
    return new CredentialDocument(Arrays.copyOfRange(body, (int) start, (int) end), parsed);
  }

  private static IJsonRules iJson(DeserializationContext context) {
    if (!(context.getAttribute(RULES) instanceof IJsonRules rules)) {
      throw new IllegalStateException("the I-JSON rules are not available");
    }
    return rules;
  }
}
