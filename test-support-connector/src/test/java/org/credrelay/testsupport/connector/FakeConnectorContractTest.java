package org.credrelay.testsupport.connector;

import io.grpc.Channel;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.testsupport.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;

/** The contract suite against {@link FakeConnector}, with the limits of the real one's tests. */
class FakeConnectorContractTest extends ConnectorContract {

  private static final MutableClock CLOCK = new MutableClock();
  private static final InMemoryDidKeys DID_KEYS = new InMemoryDidKeys();
  private static final FakeConnectorServer SERVER =
      FakeConnectorServer.start(
          new FakeConnector(CLOCK, DID_KEYS).maxMessageBytes(64 * 1024).maxPageBytes(256 * 1024));

  @AfterAll
  static void stop() {
    SERVER.close();
  }

  @AfterEach
  void resetClock() {
    CLOCK.reset();
  }

  @Override
  protected Channel channel() {
    return SERVER.channel();
  }

  @Override
  protected Clock clock() {
    return CLOCK;
  }

  @Override
  protected void advanceClock(Duration by) {
    CLOCK.advance(by);
  }

  @Override
  protected void registerDidKeys(String did, List<PublicKeyJwk> keys) {
    keys.forEach(key -> DID_KEYS.add(did, key));
  }

  @Override
  protected long maxMessageBytes() {
    return 64 * 1024;
  }

  @Override
  protected long maxPageBytes() {
    return 256 * 1024;
  }
}
