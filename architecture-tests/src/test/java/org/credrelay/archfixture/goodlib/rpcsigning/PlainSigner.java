package org.credrelay.archfixture.goodlib.rpcsigning;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Fixture: a shared library class that needs only the JDK. */
class PlainSigner {
  byte[] digest(byte[] body) throws NoSuchAlgorithmException {
    return MessageDigest.getInstance("SHA-256").digest(body);
  }
}
