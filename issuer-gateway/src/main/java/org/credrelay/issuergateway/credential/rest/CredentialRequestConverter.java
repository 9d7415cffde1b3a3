package org.credrelay.issuergateway.credential.rest;

import java.io.IOException;
import java.util.Map;
import org.credrelay.issuergateway.credential.service.IJsonRules;
import org.credrelay.issuergateway.credential.service.StrictUtf8;
import org.credrelay.issuergateway.error.GatewayException;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the issuing requests ({@link IssueCredentialRequest}, {@link IssueCredentialsBatchRequest})
 * so that each credential keeps the exact bytes it was sent with: the body (bounded by the
 * RequestSizeLimitFilter before it is read) must be strict UTF-8, then it is parsed from that byte
 * array with the array at hand for {@link CredentialDocumentDeserializer}. Malformed JSON, repeated
 * members and invalid UTF-8 are 400 INVALID_REQUEST with the reason and its byte offset.
 */
class CredentialRequestConverter extends AbstractHttpMessageConverter<Object> {

  private final IJsonRules iJson;
  // Made once: a reader per request looked its root deserializer up again every time.
  private final ObjectReader single;
  private final ObjectReader batch;

  CredentialRequestConverter(JsonMapper json) {
    super(MediaType.APPLICATION_JSON);
    this.iJson = new IJsonRules(json);
    this.single = json.readerFor(IssueCredentialRequest.class);
    this.batch = json.readerFor(IssueCredentialsBatchRequest.class);
  }

  @Override
  protected boolean supports(Class<?> type) {
    return type == IssueCredentialRequest.class || type == IssueCredentialsBatchRequest.class;
  }

  @Override
  protected boolean canWrite(MediaType mediaType) {
    return false;
  }

  @Override
  protected Object readInternal(Class<?> type, HttpInputMessage input) throws IOException {
    byte[] body = input.getBody().readAllBytes();
    int malformed = StrictUtf8.firstMalformedByte(body);
    if (malformed >= 0) {
      throw GatewayException.invalid("request body is not valid UTF-8 at byte " + malformed);
    }
    try {
      return (type == IssueCredentialRequest.class ? single : batch)
          .withAttributes(
              Map.of(
                  CredentialDocumentDeserializer.SOURCE,
                  body,
                  CredentialDocumentDeserializer.RULES,
                  iJson))
          .readValue(body);
    } catch (StreamReadException e) {
      throw GatewayException.invalid(
          "request body is not well-formed I-JSON: "
              + e.getOriginalMessage()
              + " at byte "
              + (e.getLocation() == null ? "?" : e.getLocation().getByteOffset()));
    } catch (JacksonException e) {
      throw new HttpMessageNotReadableException("request body of the wrong shape", e, input);
    }
  }

  @Override
  protected void writeInternal(Object value, HttpOutputMessage output) {
    throw new UnsupportedOperationException("read only");
  }
}
