package org.credrelay.wallet.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * A fresh self-signed P-256 certificate for {@code localhost} and {@code 127.0.0.1}, built with
 * Bouncy Castle's ASN.1 classes and written as PEM files: the certificate doubles as the CA file a
 * wallet trusts.
 *
 * @param certificate PEM certificate (also the CA file)
 * @param privateKey PEM PKCS#8 private key
 */
public record SelfSignedCertificate(Path certificate, Path privateKey) {

  public static SelfSignedCertificate create(Path directory, String name) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(256);
      KeyPair keys = generator.generateKeyPair();
      X500Name subject = new X500Name("CN=" + name);
      AlgorithmIdentifier ecdsaSha256 =
          new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
      ExtensionsGenerator extensions = new ExtensionsGenerator();
      extensions.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")
              }));
      extensions.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      Instant now = Instant.now();
      V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
      tbs.setSerialNumber(new ASN1Integer(BigInteger.valueOf(now.toEpochMilli())));
      tbs.setIssuer(subject);
      tbs.setSubject(subject);
      tbs.setStartDate(new Time(Date.from(now.minus(Duration.ofHours(1)))));
      tbs.setEndDate(new Time(Date.from(now.plus(Duration.ofDays(1)))));
      tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
      tbs.setSignature(ecdsaSha256);
      tbs.setExtensions(extensions.generate());
      TBSCertificate toBeSigned = tbs.generateTBSCertificate();
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(keys.getPrivate());
      signer.update(toBeSigned.getEncoded(ASN1Encoding.DER));
      byte[] certificate =
          new DERSequence(
                  new ASN1Encodable[] {toBeSigned, ecdsaSha256, new DERBitString(signer.sign())})
              .getEncoded(ASN1Encoding.DER);
      Path certFile = directory.resolve(name + ".crt.pem");
      Path keyFile = directory.resolve(name + ".key.pem");
      Files.writeString(certFile, pem("CERTIFICATE", certificate), StandardCharsets.US_ASCII);
      Files.writeString(
          keyFile, pem("PRIVATE KEY", keys.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
      return new SelfSignedCertificate(certFile, keyFile);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
