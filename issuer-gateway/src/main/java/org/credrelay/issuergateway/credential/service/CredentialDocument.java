package org.credrelay.issuergateway.credential.service;

import java.util.Arrays;

/**
 * A credential document exactly as the issuer sent it: the raw UTF-8 bytes of the JSON value, never
 * parsed and written again. These bytes are what is validated, stored (encrypted) and sealed to the
 * holder, so claim values and embedded proofs arrive unchanged.
 *
 * @param parsed the document as the request reader already read it (tree or I-JSON violation), so
 *     that it is parsed once; null = not read yet ({@link CredentialDocumentValidator} reads it)
 */
public record CredentialDocument(byte[] utf8, ParsedJson parsed) {

  public CredentialDocument {
    utf8 = utf8.clone();
  }

  public CredentialDocument(byte[] utf8) {
    this(utf8, null);
  }

  @Override
  public byte[] utf8() {
    return utf8.clone();
  }

  int size() {
    return utf8.length;
  }

  byte[] bytes() {
    return utf8;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CredentialDocument document && Arrays.equals(utf8, document.utf8);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(utf8);
  }

  @Override
  public String toString() {
    return "CredentialDocument[" + utf8.length + " bytes]";
  }
}
