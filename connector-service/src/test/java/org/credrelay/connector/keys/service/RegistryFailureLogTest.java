package org.credrelay.connector.keys.service;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.Status;
import java.net.ConnectException;
import java.time.Duration;
import org.credrelay.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RegistryFailureLogTest {

  private final MutableClock clock = new MutableClock();
  private final RegistryFailureLog failures = new RegistryFailureLog(clock);
  private final Logger logger = (Logger) LoggerFactory.getLogger(KeyRegistryClient.class);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  @BeforeEach
  void capture() {
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void release() {
    logger.detachAppender(lines);
  }

  @Test
  void registryDown_manyFailedCalls_areOneLinePerKindAndMinute_withTheCountLeftOut() {
    Status down =
        Status.UNAVAILABLE
            .withDescription("io exception")
            .withCause(new ConnectException("Connection refused"));
    for (int call = 0; call < 900; call++) {
      failures.failed(down);
    }
    failures.failed(Status.DEADLINE_EXCEEDED.withDescription("deadline exceeded after 1.9s"));
    assertThat(lines.list).hasSize(2);

    clock.advance(RegistryFailureLog.QUIET_PERIOD.plus(Duration.ofSeconds(1)));
    failures.failed(down);

    assertThat(lines.list).hasSize(3);
    assertThat(lines.list.get(2).getFormattedMessage()).contains("UNAVAILABLE", "899 similar");
  }
}
