package org.credrelay.issuergateway.delivery.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * How the runner hands requests to its workers, with workers whose drains the test holds and
 * releases (the pipelines' database work is covered by {@code ConcurrentWorkersTest}).
 */
class DeliveryPipelineRunnerTest {

  private static final long WAIT_SECONDS = 10;

  /** A worker whose every drain reports its start and waits until the test lets it finish. */
  private static final class HeldWorker extends DeliveryPipeline {
    final BlockingQueue<Runnable> started = new LinkedBlockingQueue<>();
    final AtomicInteger drains = new AtomicInteger();
    volatile CountDownLatch release = new CountDownLatch(1);

    HeldWorker(String id) {
      super(id, null, null, null, null, null);
    }

    @Override
    public void drain(Runnable moreDue) {
      CountDownLatch mine = release; // read before the start is reported, so finish() releases it
      drains.incrementAndGet();
      started.add(moreDue);
      try {
        mine.await(WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    Runnable awaitStart() throws InterruptedException {
      Runnable moreDue = started.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(moreDue).as("a drain of %s started", workerId()).isNotNull();
      return moreDue;
    }

    void finish() {
      CountDownLatch current = release;
      release = new CountDownLatch(1);
      current.countDown();
    }
  }

  @Test
  void requestsDuringADrain_areServedByExactlyOneMoreDrain() throws Exception {
    HeldWorker worker = new HeldWorker("only");
    try (DeliveryPipelineRunner runner = new DeliveryPipelineRunner(List.of(worker), true)) {
      runner.request();
      worker.awaitStart();
      runner.request();
      runner.request();
      worker.finish();

      worker.awaitStart(); // the requests made during the first drain
      worker.finish();
      assertThat(worker.started.poll(200, TimeUnit.MILLISECONDS)).isNull();
      assertThat(worker.drains).hasValue(2);
    }
  }

  @Test
  void aFullBatch_startsTheIdleWorker_whileTheFirstStillRuns() throws Exception {
    HeldWorker first = new HeldWorker("a");
    HeldWorker second = new HeldWorker("b");
    try (DeliveryPipelineRunner runner = new DeliveryPipelineRunner(List.of(first, second), true)) {
      runner.request();
      Runnable moreDue = first.awaitStart();
      assertThat(second.started).isEmpty();

      moreDue.run(); // what the pipeline does after a claim that filled its batch
      second.awaitStart();
      assertThat(first.drains).hasValue(1);
      first.finish();
      second.finish();
    }
  }

  @Test
  void aRequestWhileEveryWorkerIsBusy_isNotLost() throws Exception {
    HeldWorker first = new HeldWorker("a");
    HeldWorker second = new HeldWorker("b");
    try (DeliveryPipelineRunner runner = new DeliveryPipelineRunner(List.of(first, second), true)) {
      runner.request();
      first.awaitStart();
      runner.request();
      second.awaitStart();
      runner.request(); // both busy: remembered

      second.finish();
      second.awaitStart(); // the first worker to finish drains again
      second.finish();
      first.finish();
      assertThat(first.started.poll(200, TimeUnit.MILLISECONDS)).isNull();
      assertThat(first.drains.get() + second.drains.get()).isEqualTo(3);
    }
  }

  @Test
  void aLoneWorker_isNotAskedAgainByItsOwnFullBatch() throws Exception {
    HeldWorker worker = new HeldWorker("only");
    try (DeliveryPipelineRunner runner = new DeliveryPipelineRunner(List.of(worker), true)) {
      runner.request();
      worker.awaitStart().run(); // a full batch: its drain goes on by itself
      worker.finish();
      assertThat(worker.started.poll(200, TimeUnit.MILLISECONDS)).isNull();
      assertThat(worker.drains).hasValue(1);
    }
  }

  @Test
  void aDisabledRunner_neverDrains() throws Exception {
    HeldWorker worker = new HeldWorker("off");
    try (DeliveryPipelineRunner runner = new DeliveryPipelineRunner(List.of(worker), false)) {
      runner.request();
      assertThat(worker.started.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }
  }
}
