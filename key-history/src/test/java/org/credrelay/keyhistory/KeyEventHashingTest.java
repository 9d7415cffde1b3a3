package org.credrelay.keyhistory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Pins the canonical event bytes of docs/PROTOCOL.md. The expected hashes were computed by an
 * independent implementation of the documented layout (Python, struct.pack('>I', len) + bytes), so
 * a change to the Java side that drifts from the document fails here.
 */
class KeyEventHashingTest {

  private static final KeyOwner ALICE = new KeyOwner(OwnerType.DID, "did:example:alice");
  private static final String JWK =
      "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\",\"kid\":\"k1\"}";

  static KeyEvent first() {
    byte[] signature = new byte[64];
    java.util.Arrays.fill(signature, (byte) 0xab);
    return KeyEvent.next(
        ALICE,
        LogHead.EMPTY,
        KeyEventType.ADDED,
        "k1",
        KeyUsage.AUTHENTICATION,
        JWK,
        null,
        null,
        Instant.ofEpochMilli(1_700_000_000_000L),
        new EventAuthorization(
            "k1",
            "credrelay.keyregistry.v1.KeyRegistryService/RegisterDid",
            "bm9uY2Vub25jZW5vbmNlMQ",
            1_699_999_999_000L,
            new byte[] {1, 2, 3},
            signature));
  }

  @Test
  void firstEvent_hashMatchesTheDocumentedLayout() {
    assertThat(first().eventHash()).isEqualTo("HaMZ9uB2rZKJZsx1Wdpo16RKoAaHHkfWoe2tfkrTSB4");
    assertThat(first().previousHash()).isEmpty();
  }

  @Test
  void rotationEvent_chainsToThePreviousHashAndCoversTheReplacedKeysRevocation() {
    KeyEvent rotation =
        KeyEvent.next(
            ALICE,
            first().head(),
            KeyEventType.ROTATED,
            "k2",
            KeyUsage.AUTHENTICATION,
            "{}",
            "k1",
            Instant.ofEpochMilli(1_700_000_600_000L),
            Instant.ofEpochMilli(1_700_000_000_000L),
            new EventAuthorization("k1", "m", "n", 5, new byte[0], new byte[0]));

    assertThat(rotation.sequence()).isEqualTo(2);
    assertThat(rotation.previousHash()).isEqualTo(first().eventHash());
    assertThat(rotation.eventHash()).isEqualTo("jcYbGpNb85Gk8HfV26U8yr2Y_x-HQLyc4ETpfU22I4Q");
  }

  @Test
  void everyFieldChangesTheHash() {
    KeyEvent base = first();
    KeyEvent otherOwner =
        KeyEvent.next(
            new KeyOwner(OwnerType.CONNECTION, "did:example:alice"),
            LogHead.EMPTY,
            base.type(),
            base.keyId(),
            base.usage(),
            base.publicJwk(),
            null,
            null,
            base.occurredAt(),
            base.authorization());
    KeyEvent otherTime =
        KeyEvent.next(
            ALICE,
            LogHead.EMPTY,
            base.type(),
            base.keyId(),
            base.usage(),
            base.publicJwk(),
            null,
            null,
            base.occurredAt().plusMillis(1),
            base.authorization());

    assertThat(otherOwner.eventHash()).isNotEqualTo(base.eventHash());
    assertThat(otherTime.eventHash()).isNotEqualTo(base.eventHash());
  }
}
