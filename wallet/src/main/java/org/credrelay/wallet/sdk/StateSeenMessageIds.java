package org.credrelay.wallet.sdk;

import java.time.Clock;
import java.time.Instant;
import org.credrelay.e2ecrypto.envelope.SeenMessageIds;
import org.credrelay.wallet.store.WalletState;

/**
 * {@link SeenMessageIds} over the wallet state, so accepted envelope ids survive restarts (S5):
 * they are saved with the message that used them.
 */
final class StateSeenMessageIds implements SeenMessageIds {

  private final WalletState state;
  private final Clock clock;

  StateSeenMessageIds(WalletState state, Clock clock) {
    this.state = state;
    this.clock = clock;
  }

  @Override
  public boolean markSeen(String connectionId, String messageId, Instant expiresAt) {
    return state.markSeen(connectionId, messageId, expiresAt, clock.instant());
  }
}
