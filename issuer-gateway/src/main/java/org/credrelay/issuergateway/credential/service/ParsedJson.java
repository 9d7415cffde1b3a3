package org.credrelay.issuergateway.credential.service;

import tools.jackson.databind.JsonNode;

/**
 * The result of reading a credential document once ({@link IJsonRules#read}): either its tree,
 * which the VC shape check and the request hash ({@link CanonicalJsonDigest}) both use, or the
 * first violation of I-JSON with its byte offset in the document. Numbers in the tree are the
 * doubles their literals denote (I-JSON numbers are exactly that).
 *
 * @param tree the document, null if {@code violation} is set
 * @param violation the first I-JSON violation, null if the document is I-JSON
 */
public record ParsedJson(JsonNode tree, String violation) {

  static ParsedJson of(JsonNode tree) {
    return new ParsedJson(tree, null);
  }

  static ParsedJson violating(String violation) {
    return new ParsedJson(null, violation);
  }
}
