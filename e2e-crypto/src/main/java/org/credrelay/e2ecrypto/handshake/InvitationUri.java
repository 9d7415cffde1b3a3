package org.credrelay.e2ecrypto.handshake;

import static org.credrelay.e2ecrypto.handshake.InvitationException.Reason.EXPIRED;
import static org.credrelay.e2ecrypto.handshake.InvitationException.Reason.MALFORMED;
import static org.credrelay.e2ecrypto.handshake.InvitationException.Reason.MISSING_PARAMETER;
import static org.credrelay.e2ecrypto.handshake.InvitationException.Reason.SHORT_SECRET;
import static org.credrelay.e2ecrypto.handshake.InvitationException.Reason.TOO_LONG;
import static org.credrelay.e2ecrypto.handshake.InvitationException.Reason.UNSUPPORTED_VERSION;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.credrelay.e2ecrypto.internal.Base64Url;

/**
 * {@code credrelay://invitation?v=2&token=..&secret=..&did=..&exp=..[&name=..][&connector=..]}.
 * Values are percent-encoded UTF-8; only unreserved characters, ":" and "@" appear raw, so the URI
 * survives copy-paste, chat apps and QR byte mode unchanged. Unknown parameters are ignored so a
 * later version can add optional ones.
 */
final class InvitationUri {

  static final String PREFIX = "credrelay://invitation?";

  /**
   * The protocol version (the {@code v} parameter): 2 = DIDComm v2 envelopes (PROTOCOL.md 3.5,
   * decision 0041). The only version read or written.
   */
  public static final String VERSION = "2";

  static final int MAX_LENGTH = 2048;
  private static final int MAX_EXP_DIGITS = 12;

  private InvitationUri() {}

  static String format(Invitation invitation) {
    StringBuilder uri = new StringBuilder(PREFIX).append("v=").append(VERSION);
    append(uri, "token", invitation.token());
    append(uri, "secret", Base64Url.encode(invitation.secret()));
    append(uri, "did", invitation.issuerDid());
    append(uri, "exp", Long.toString(invitation.expiresAt().getEpochSecond()));
    invitation.issuerName().ifPresent(name -> append(uri, "name", name));
    invitation.connectorAddress().ifPresent(address -> append(uri, "connector", address));
    return uri.toString();
  }

  static Invitation parse(String text, Clock clock) throws InvitationException {
    if (text == null) {
      throw new InvitationException(MALFORMED, "no invitation");
    }
    String uri = text.strip();
    if (uri.length() > MAX_LENGTH) {
      throw new InvitationException(
          TOO_LONG, "invitation longer than " + MAX_LENGTH + " characters");
    }
    if (!uri.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      throw new InvitationException(MALFORMED, "not a credrelay://invitation URI");
    }
    Map<String, String> params = parameters(uri.substring(PREFIX.length()));
    String version = required(params, "v");
    if (!VERSION.equals(version)) {
      // v=1 announced envelope format 1 (thumbprint kids, protobuf plaintext), which is gone.
      throw new InvitationException(
          UNSUPPORTED_VERSION,
          "invitation version "
              + version
              + "; this wallet speaks only version "
              + VERSION
              + " (DIDComm v2 envelopes, PROTOCOL.md 3.5)");
    }
    byte[] secret;
    try {
      secret = Base64Url.decode(required(params, "secret"));
    } catch (IllegalArgumentException e) {
      throw new InvitationException(MALFORMED, "secret: " + e.getMessage());
    }
    if (secret.length < Invitation.SECRET_BYTES) {
      throw new InvitationException(SHORT_SECRET, "secret has " + secret.length * 8 + " bits");
    }
    String exp = required(params, "exp");
    if (!exp.matches("[1-9][0-9]{0," + (MAX_EXP_DIGITS - 1) + "}")) {
      throw new InvitationException(MALFORMED, "exp must be Unix seconds");
    }
    Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(exp));
    Invitation invitation =
        new Invitation(
            required(params, "token"),
            secret,
            required(params, "did"),
            expiresAt,
            params.get("name"),
            params.get("connector"));
    if (invitation.isExpired(clock.instant())) {
      throw new InvitationException(EXPIRED, "invitation expired at " + expiresAt);
    }
    return invitation;
  }

  private static Map<String, String> parameters(String query) throws InvitationException {
    Map<String, String> params = new HashMap<>();
    for (String pair : query.split("&", -1)) {
      int eq = pair.indexOf('=');
      if (eq <= 0 || eq == pair.length() - 1 || !pair.substring(0, eq).matches("[a-z]{1,16}")) {
        throw new InvitationException(MALFORMED, "malformed parameter '" + abbreviate(pair) + "'");
      }
      String name = pair.substring(0, eq);
      if (params.put(name, PercentEncoding.decode(pair.substring(eq + 1))) != null) {
        throw new InvitationException(MALFORMED, "parameter '" + name + "' repeated");
      }
    }
    return params;
  }

  private static String required(Map<String, String> params, String name)
      throws InvitationException {
    String value = params.get(name);
    if (value == null) {
      throw new InvitationException(MISSING_PARAMETER, "parameter '" + name + "' is missing");
    }
    return value;
  }

  private static void append(StringBuilder uri, String name, String value) {
    uri.append('&').append(name).append('=').append(PercentEncoding.encode(value));
  }

  private static String abbreviate(String text) {
    return text.length() <= 24 ? text : text.substring(0, 24) + "...";
  }
}
