package org.credrelay.e2ecrypto.handshake;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Private claim names of the handshake JWTs (PROTOCOL.md section 4.3). */
public final class HandshakeClaims {

  /** Direction label, see {@link Direction#label()}. */
  public static final String DIRECTION = "cr_dir";

  /** base64url(SHA-256(token)). */
  public static final String TOKEN_HASH = "cr_th";

  /** The sender's nonce, base64url of 32 random bytes. */
  public static final String NONCE = "cr_nonce";

  /** The sender's communication public JWK (object). */
  public static final String COMMUNICATION_KEY = "cr_ck";

  /** The sender's authentication public JWK (object). */
  public static final String AUTHENTICATION_KEY = "cr_ak";

  /** Issuer JWT only: the holder's nonce, echoed. */
  public static final String PEER_NONCE = "cr_peer_nonce";

  /** Issuer JWT only: RFC 7638 thumbprint of the holder communication key the issuer pinned. */
  public static final String PEER_COMMUNICATION_KEY_THUMBPRINT = "cr_peer_ck_jkt";

  /** Issuer JWT only: RFC 7638 thumbprint of the holder authentication key the issuer pinned. */
  public static final String PEER_AUTHENTICATION_KEY_THUMBPRINT = "cr_peer_ak_jkt";

  /** The claims of the holder's JWT: exactly these, all required. */
  public static final Set<String> HOLDER_CLAIMS =
      Set.of(
          "iss",
          "aud",
          "iat",
          "exp",
          "jti",
          DIRECTION,
          TOKEN_HASH,
          NONCE,
          COMMUNICATION_KEY,
          AUTHENTICATION_KEY);

  /** The claims of the issuer's JWT: the holder's set plus the three peer claims. */
  public static final Set<String> ISSUER_CLAIMS =
      Stream.concat(
              HOLDER_CLAIMS.stream(),
              Stream.of(
                  PEER_NONCE,
                  PEER_COMMUNICATION_KEY_THUMBPRINT,
                  PEER_AUTHENTICATION_KEY_THUMBPRINT))
          .collect(Collectors.toUnmodifiableSet());

  private HandshakeClaims() {}
}
