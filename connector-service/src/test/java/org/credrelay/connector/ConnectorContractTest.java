package org.credrelay.connector;

import io.grpc.Channel;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.credrelay.connector.support.ConnectorIntegrationTest;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.testsupport.connector.ConnectorContract;
import org.junit.jupiter.api.Nested;

/**
 * The clients' contract suite (test-support-connector's {@link ConnectorContract}) against the real
 * connector: the gRPC server on a random port, PostgreSQL, and the key registry double, sharing the
 * Spring context of the other integration tests. The fake connector passes the same suite.
 */
class ConnectorContractTest extends ConnectorIntegrationTest {

  @Nested
  class RealConnector extends ConnectorContract {

    @Override
    protected Channel channel() {
      return channel;
    }

    @Override
    protected Clock clock() {
      return clock;
    }

    @Override
    protected void advanceClock(Duration by) {
      clock.advance(by); // ConnectorIntegrationTest resets it after each test
    }

    @Override
    protected void registerDidKeys(String did, List<PublicKeyJwk> keys) {
      keys.forEach(key -> registry.addDidKey(did, key));
    }

    @Override
    protected long maxMessageBytes() {
      return 64 * 1024; // connector.messages.max-message-size of ConnectorIntegrationTest
    }

    @Override
    protected long maxPageBytes() {
      return 256 * 1024; // connector.messages.max-page-bytes of ConnectorIntegrationTest
    }
  }
}
