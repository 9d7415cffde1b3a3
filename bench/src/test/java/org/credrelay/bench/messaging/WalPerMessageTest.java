package org.credrelay.bench.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.credrelay.bench.harness.ClosedLoop;
import org.junit.jupiter.api.Test;

class WalPerMessageTest {

  @Test
  void runFixedCount_batchesOverTheCount_returnsExactlyWhatWasStored() throws Exception {
    AtomicLong calls = new AtomicLong();
    List<ClosedLoop.Operation> workers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      workers.add(
          () -> {
            calls.incrementAndGet();
            return 30;
          });
    }

    long stored = WalPerMessage.runFixedCount(workers, 1000);

    assertThat(stored).isEqualTo(calls.get() * 30).isBetween(1000L, 1000L + 4 * 30);
  }

  @Test
  void runFixedCount_failingWorker_rethrowsItsException() {
    List<ClosedLoop.Operation> workers =
        List.of(
            () -> 1,
            () -> {
              throw new IllegalStateException("refused");
            });

    assertThatThrownBy(() -> WalPerMessage.runFixedCount(workers, Long.MAX_VALUE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("refused");
  }
}
