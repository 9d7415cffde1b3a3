package org.credrelay.issuergateway.credential.service;

import org.credrelay.issuergateway.config.ApiProperties;
import org.credrelay.issuergateway.error.ErrorCode;
import org.credrelay.issuergateway.error.GatewayException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rules a credential document must meet: at most {@code gateway.api.max-credential-size} bytes
 * as sent, I-JSON ({@link IJsonRules}: strict UTF-8, no lone surrogates, no duplicate member names,
 * numbers a double holds without loss), and the W3C VC data model, minimally: a JSON object, {@code
 * type} an array of strings that contains {@code "VerifiableCredential"}, {@code credentialSubject}
 * an object (or a non-empty array of objects), {@code @context} if present an array or a string.
 * Anything else is 400 INVALID_CREDENTIAL with the reason. The document is never rewritten: what
 * passes is delivered byte for byte.
 */
@Component
public class CredentialDocumentValidator {

  private final JsonMapper json;
  private final IJsonRules iJson;
  private final long maxBytes;

  public CredentialDocumentValidator(JsonMapper json, ApiProperties properties) {
    this.json = json;
    this.iJson = new IJsonRules(json);
    this.maxBytes = properties.maxCredentialSize().toBytes();
  }

  /**
   * @return the document's bytes exactly as received, which is what is sent to the holder
   */
  public byte[] validate(CredentialDocument received, String where) {
    return check(received, where).utf8();
  }

  /**
   * Validates the document, reading it at most once (not at all if the request reader already did:
   * {@link CredentialDocument#parsed}).
   *
   * @return the bytes as received and the tree the request hash is computed from
   */
  public ValidCredential check(CredentialDocument received, String where) {
    if (received == null) {
      throw invalid(where, "must be a JSON object");
    }
    byte[] bytes = received.bytes();
    if (bytes.length > maxBytes) {
      throw invalid(where, "larger than " + maxBytes + " bytes");
    }
    ParsedJson parsed = received.parsed() != null ? received.parsed() : iJson.parse(bytes);
    if (parsed.violation() != null) {
      throw invalid(where, "not I-JSON (RFC 7493): " + parsed.violation());
    }
    JsonNode document = parsed.tree();
    if (!document.isObject()) {
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
    return new ValidCredential(received.utf8(), document);
  }

  /**
   * A document that passed: its bytes as received (what is stored and sent) and its tree.
   *
   * @param tree for the request hash ({@link CanonicalJsonDigest#of(JsonNode)}); never sent
   */
  public record ValidCredential(byte[] utf8, JsonNode tree) {}

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
