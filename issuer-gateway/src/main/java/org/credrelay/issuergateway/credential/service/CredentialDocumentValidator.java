package org.credrelay.issuergateway.credential.service;

import java.nio.charset.StandardCharsets;
import org.credrelay.issuergateway.config.ApiProperties;
import org.credrelay.issuergateway.error.ErrorCode;
import org.credrelay.issuergateway.error.GatewayException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rules a credential document must meet (W3C VC data model, minimal): a JSON object of at most
 * {@code gateway.api.max-credential-size} bytes (compact UTF-8), {@code type} an array of strings
 * that contains {@code "VerifiableCredential"}, {@code credentialSubject} an object (or a non-empty
 * array of objects), {@code @context} if present an array or a string. Anything else is 400.
 */
@Component
public class CredentialDocumentValidator {

  private final JsonMapper json;
  private final long maxBytes;

  public CredentialDocumentValidator(JsonMapper json, ApiProperties properties) {
    this.json = json;
    this.maxBytes = properties.maxCredentialSize().toBytes();
  }

  /** @return the document as compact UTF-8 JSON, exactly what is sent to the holder */
  public byte[] validate(JsonNode document, String where) {
    if (document == null || !document.isObject()) {
      throw invalid(where, "must be a JSON object");
    }
    JsonNode type = document.get("type");
    if (type == null || !type.isArray() || type.isEmpty()) {
      throw invalid(where, "'type' must be a non-empty array of strings");
    }
    boolean vc = false;
    for (JsonNode entry : type) {
      if (!entry.isString()) {
        throw invalid(where, "'type' must be a non-empty array of strings");
      }
      vc |= "VerifiableCredential".equals(entry.stringValue());
    }
    if (!vc) {
      throw invalid(where, "'type' must contain \"VerifiableCredential\"");
    }
    JsonNode subject = document.get("credentialSubject");
    if (subject == null || !(subject.isObject() || isArrayOfObjects(subject))) {
      throw invalid(where, "'credentialSubject' must be an object");
    }
    JsonNode context = document.get("@context");
    if (context != null && !(context.isArray() || context.isString())) {
      throw invalid(where, "'@context' must be an array or a string");
    }
    byte[] bytes = json.writeValueAsString(document).getBytes(StandardCharsets.UTF_8);
    if (bytes.length > maxBytes) {
      throw invalid(where, "larger than " + maxBytes + " bytes");
    }
    return bytes;
  }

  private static boolean isArrayOfObjects(JsonNode node) {
    if (!node.isArray() || node.isEmpty()) {
      return false;
    }
    for (JsonNode entry : node) {
      if (!entry.isObject()) {
        return false;
      }
    }
    return true;
  }

  private static GatewayException invalid(String where, String problem) {
    return new GatewayException(ErrorCode.INVALID_CREDENTIAL, where + ": " + problem);
  }
}
