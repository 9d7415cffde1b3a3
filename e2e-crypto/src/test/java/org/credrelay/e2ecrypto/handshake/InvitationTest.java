package org.credrelay.e2ecrypto.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.credrelay.e2ecrypto.handshake.InvitationException.Reason.EXPIRED;
import static org.credrelay.e2ecrypto.handshake.InvitationException.Reason.INVALID_DID;
import static org.credrelay.e2ecrypto.handshake.InvitationException.Reason.MALFORMED;
import static org.credrelay.e2ecrypto.handshake.InvitationException.Reason.MISSING_PARAMETER;
import static org.credrelay.e2ecrypto.handshake.InvitationException.Reason.SHORT_SECRET;
import static org.credrelay.e2ecrypto.handshake.InvitationException.Reason.TOO_LONG;
import static org.credrelay.e2ecrypto.handshake.InvitationException.Reason.UNSUPPORTED_VERSION;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InvitationTest {

  private static final String DID = "did:example:issuer-1";
  private static final String SECRET = Base64Url.encode(new byte[32]);
  private final MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
  private final Instant expiry = clock.instant().plus(Duration.ofDays(1));

  @Test
  void toUri_thenParse_givesTheSameInvitation_withOptionalFields() throws Exception {
    Invitation created =
        Invitation.create("tok_123-abc", DID, expiry, new SecureRandom())
            .withIssuerName("ACME Universität & Co. (Zürich)")
            .withConnectorAddress("dns:///connector.example.org:443");

    String uri = created.toUri();
    Invitation parsed = Invitation.parse(uri, clock);

    assertThat(uri)
        .startsWith("credrelay://invitation?v=2&token=tok_123-abc&secret=")
        .doesNotContain(" ")
        .doesNotContain("+")
        .hasSizeLessThan(400);
    assertThat(parsed.token()).isEqualTo(created.token());
    assertThat(parsed.secret()).isEqualTo(created.secret()).hasSize(32);
    assertThat(parsed.issuerDid()).isEqualTo(DID);
    assertThat(parsed.expiresAt()).isEqualTo(expiry);
    assertThat(parsed.issuerName()).contains("ACME Universität & Co. (Zürich)");
    assertThat(parsed.connectorAddress()).contains("dns:///connector.example.org:443");
    assertThat(parsed.tokenHash()).isEqualTo(created.tokenHash()).hasSize(43);
  }

  @Test
  void parse_survivesCopyPasteWhitespaceAndLowercaseEscapes_andIgnoresUnknownParameters()
      throws Exception {
    String uri =
        "  \n"
            + uri(
                "v=2&token=t&secret="
                    + SECRET
                    + "&did=did%3aexample%3aissuer-1"
                    + "&exp="
                    + expiry.getEpochSecond()
                    + "&future=x")
            + "\r\n";

    assertThat(Invitation.parse(uri, clock).issuerDid()).isEqualTo(DID);
  }

  @Test
  void create_drawsAFresh256BitSecretEachTime() {
    Invitation a = Invitation.create("t", DID, expiry, new SecureRandom());
    Invitation b = Invitation.create("t", DID, expiry, new SecureRandom());

    assertThat(a.secret()).hasSize(32).isNotEqualTo(b.secret());
  }

  @Test
  void toString_neverShowsTheSecret() {
    Invitation invitation = Invitation.create("t", DID, expiry, new SecureRandom());

    assertThat(invitation.toString())
        .doesNotContain(Base64Url.encode(invitation.secret()))
        .doesNotContain("t,")
        .contains("redacted");
  }

  @Test
  void parse_ofExpiredInvitation_isRejected() {
    String uri = Invitation.create("t", DID, expiry, new SecureRandom()).toUri();
    clock.advance(Duration.ofDays(1));

    assertRejected(uri, EXPIRED);
  }

  @Test
  void parse_withSecretShorterThan256Bits_isRejected() {
    assertRejected(
        uri(
            "v=2&token=t&secret="
                + Base64Url.encode(new byte[31])
                + "&did="
                + DID
                + "&exp="
                + expiry.getEpochSecond()),
        SHORT_SECRET);
  }

  @Test
  void create_withShortSecretOrBadInput_isRefused() {
    assertThatThrownBy(() -> new Invitation("t", new byte[16], DID, expiry, null, null))
        .isInstanceOfSatisfying(
            InvitationException.class, e -> assertThat(e.reason()).isEqualTo(SHORT_SECRET));
    assertThatThrownBy(() -> Invitation.create("t", "not-a-did", expiry, new SecureRandom()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Invitation.create("with space", DID, expiry, new SecureRandom()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"v", "token", "secret", "did", "exp"})
  void parse_withoutARequiredParameter_isRejected(String name) {
    String query =
        "v=2&token=t&secret=" + SECRET + "&did=" + DID + "&exp=" + expiry.getEpochSecond();
    String without = query.replaceAll("(^|&)" + name + "=[^&]*", "").replaceAll("^&", "");

    assertRejected(uri(without), MISSING_PARAMETER);
  }

  @Test
  void parse_ofAnotherVersion_isRejected() {
    assertRejected(
        uri("v=3&token=t&secret=" + SECRET + "&did=" + DID + "&exp=" + expiry.getEpochSecond()),
        UNSUPPORTED_VERSION);
  }

  @Test
  void parse_ofVersion1_theFormerEnvelopeFormat_isRejectedSayingWhichVersionIsSpoken() {
    assertThatThrownBy(
            () ->
                Invitation.parse(
                    uri(
                        "v=1&token=t&secret="
                            + SECRET
                            + "&did="
                            + DID
                            + "&exp="
                            + expiry.getEpochSecond()),
                    clock))
        .isInstanceOfSatisfying(
            InvitationException.class, e -> assertThat(e.reason()).isEqualTo(UNSUPPORTED_VERSION))
        .hasMessageContaining("version 1")
        .hasMessageContaining("only version 2");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"did:example", "did::x", "DID:example:x", "did:ex ample:x", "did:example:x:"})
  void parse_withInvalidDid_isRejected(String did) {
    assertRejected(
        uri(
            "v=2&token=t&secret="
                + SECRET
                + "&did="
                + PercentEncoding.encode(did)
                + "&exp="
                + expiry.getEpochSecond()),
        INVALID_DID);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://invitation?v=2",
        "credrelay://invitation?v=2&&token=t",
        "credrelay://invitation?v=2&v=2&token=t&secret=S&did=did:a:b&exp=9999999999",
        "credrelay://invitation?v=2&token=a+b&secret=S&did=did:a:b&exp=9999999999",
        "credrelay://invitation?v=2&token=%ZZ&secret=S&did=did:a:b&exp=9999999999",
        "credrelay://invitation?v=2&token=%C3&secret=S&did=did:a:b&exp=9999999999",
        "credrelay://invitation?v=2&token=t&secret=S&did=did:a:b&exp=-5",
        "credrelay://invitation?v=2&token=t&secret=S&did=did:a:b&exp=0999999999",
        "credrelay://invitation?v=2&token=t#frag&secret=S&did=did:a:b&exp=9999999999",
        "credrelay://invitation?v=2&token=t&secret=AAAA%3D&did=did:a:b&exp=9999999999"
      })
  void parse_ofMalformedUri_isRejected(String text) {
    assertRejected(text.replace("secret=S&", "secret=" + SECRET + "&"), MALFORMED);
  }

  @Test
  void parse_ofOverlongUri_isRejected() {
    assertRejected(uri("v=2&token=" + "t".repeat(2100)), TOO_LONG);
  }

  private static String uri(String query) {
    return "credrelay://invitation?" + query;
  }

  private void assertRejected(String uri, InvitationException.Reason reason) {
    assertThatThrownBy(() -> Invitation.parse(uri, clock))
        .isInstanceOfSatisfying(
            InvitationException.class,
            e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
  }
}
