package org.credrelay.keyregistry.auth;

import java.nio.charset.StandardCharsets;

/**
 * The key binding bytes a holder signs with its authentication key when it accepts a connection
 * (docs/PROTOCOL.md §2.4):
 *
 * <pre>
 * ASCII("credrelay-key-binding-v1") 0x0A token 0x0A authentication-kid 0x0A communication-kid
 * </pre>
 *
 * The signature ({@code key_binding_proof}) is the raw 64-byte Ed25519 or ES256K (r||s) signature
 * over these bytes. Token and kids are visible ASCII, so the framing is unambiguous.
 */
public final class KeyBinding {

  public static final String VERSION = "credrelay-key-binding-v1";

  private KeyBinding() {}

  public static byte[] bytes(String token, String authenticationKid, String communicationKid) {
    return (VERSION + "\n" + token + "\n" + authenticationKid + "\n" + communicationKid)
        .getBytes(StandardCharsets.US_ASCII);
  }
}
