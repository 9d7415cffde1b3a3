package org.credrelay.e2ecrypto.handshake;

import static org.credrelay.e2ecrypto.handshake.InvitationException.Reason.INVALID_DID;
import static org.credrelay.e2ecrypto.handshake.InvitationException.Reason.MALFORMED;
import static org.credrelay.e2ecrypto.handshake.InvitationException.Reason.SHORT_SECRET;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import org.credrelay.e2ecrypto.internal.Digests;

/**
 * The out-of-band invitation an issuer shows a holder (QR code or link): the connection token, a
 * secret of at least 256 random bits that the connector never sees, the issuer's DID and an expiry.
 * The secret is what lets both sides detect a substituted key (S3, S4).
 *
 * <pre>{@code
 * Invitation inv = Invitation.create(token, issuerDid, expiresAt, secureRandom).withIssuerName("ACME");
 * String qr = inv.toUri();                       // credrelay://invitation?v=2&token=...
 * Invitation scanned = Invitation.parse(qr, clock);
 * }</pre>
 *
 * <p>Immutable. {@link #toString()} never shows the secret.
 */
public final class Invitation {

  public static final int SECRET_BYTES = 32;
  public static final int MAX_SECRET_BYTES = 64;
  static final int MAX_TOKEN_LENGTH = 256;

  /** As everywhere in credrelay (PROTOCOL.md section 5.1). */
  static final int MAX_DID_LENGTH = 512;

  static final int MAX_NAME_LENGTH = 64;
  static final int MAX_CONNECTOR_LENGTH = 255;
  private static final Pattern DID =
      Pattern.compile(
          "did:[a-z0-9]+:(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2}|:)*(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})");

  private final String token;
  private final byte[] secret;
  private final String issuerDid;
  private final Instant expiresAt;
  private final String issuerName;
  private final String connectorAddress;

  Invitation(
      String token,
      byte[] secret,
      String issuerDid,
      Instant expiresAt,
      String issuerName,
      String connectorAddress)
      throws InvitationException {
    validate(token, secret, issuerDid, issuerName, connectorAddress);
    this.token = token;
    this.secret = secret.clone();
    this.issuerDid = issuerDid;
    this.expiresAt = Instant.ofEpochSecond(expiresAt.getEpochSecond());
    this.issuerName = issuerName;
    this.connectorAddress = connectorAddress;
  }

  /**
   * A new invitation with a fresh 256-bit secret from {@code random}.
   *
   * @throws IllegalArgumentException if the token, DID or expiry is not acceptable
   */
  public static Invitation create(
      String token, String issuerDid, Instant expiresAt, SecureRandom random) {
    byte[] secret = new byte[SECRET_BYTES];
    random.nextBytes(secret);
    return build(token, secret, issuerDid, expiresAt, null, null);
  }

  /**
   * Parses and checks an invitation URI (trimmed of surrounding whitespace), refusing expired ones.
   */
  public static Invitation parse(String uri, Clock clock) throws InvitationException {
    return InvitationUri.parse(uri, clock);
  }

  /** The invitation as a URI for a QR code or a link (PROTOCOL.md section 4.1). */
  public String toUri() {
    return InvitationUri.format(this);
  }

  public Invitation withIssuerName(String name) {
    return build(token, secret, issuerDid, expiresAt, name, connectorAddress);
  }

  public Invitation withConnectorAddress(String address) {
    return build(token, secret, issuerDid, expiresAt, issuerName, address);
  }

  public String token() {
    return token;
  }

  /** A copy of the secret. */
  public byte[] secret() {
    return secret.clone();
  }

  public String issuerDid() {
    return issuerDid;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  public Optional<String> issuerName() {
    return Optional.ofNullable(issuerName);
  }

  public Optional<String> connectorAddress() {
    return Optional.ofNullable(connectorAddress);
  }

  /** base64url(SHA-256(UTF-8(token))): how the handshake names the connection without the token. */
  public String tokenHash() {
    return Digests.sha256Base64Url(token);
  }

  public boolean isExpired(Instant now) {
    return !now.isBefore(expiresAt);
  }

  @Override
  public String toString() {
    return "Invitation[issuer=" + issuerDid + ", expiresAt=" + expiresAt + ", secret redacted]";
  }

  private static Invitation build(
      String token, byte[] secret, String did, Instant expiresAt, String name, String connector) {
    try {
      return new Invitation(token, secret, did, expiresAt, name, connector);
    } catch (InvitationException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static void validate(
      String token, byte[] secret, String did, String name, String connector)
      throws InvitationException {
    if (!Digests.isVisibleAscii(token, MAX_TOKEN_LENGTH)) {
      throw new InvitationException(MALFORMED, "token must be 1-256 visible ASCII characters");
    }
    if (secret.length < SECRET_BYTES) {
      throw new InvitationException(
          SHORT_SECRET, "secret has " + secret.length * 8 + " bits, at least 256 are required");
    }
    if (secret.length > MAX_SECRET_BYTES) {
      throw new InvitationException(MALFORMED, "secret longer than 64 bytes");
    }
    if (did == null || did.length() > MAX_DID_LENGTH || !DID.matcher(did).matches()) {
      throw new InvitationException(INVALID_DID, "not a DID: " + did);
    }
    if (name != null
        && (name.isEmpty()
            || name.codePointCount(0, name.length()) > MAX_NAME_LENGTH
            || name.codePoints().anyMatch(Character::isISOControl))) {
      throw new InvitationException(MALFORMED, "issuer name must be 1-64 printable characters");
    }
    if (connector != null && !Digests.isVisibleAscii(connector, MAX_CONNECTOR_LENGTH)) {
      throw new InvitationException(MALFORMED, "connector address must be visible ASCII");
    }
  }
}
