package org.credrelay.connector.stream.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.credrelay.connector.config.StreamProperties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Listens on the PostgreSQL channel {@code connector.stream.notification-channel} with one
 * dedicated pgjdbc connection (outside the pool) and one thread per replica, and tells the {@link
 * MessageArrivals} (the stream hub) which recipients got messages. The message store sends {@code
 * pg_notify(channel, recipient id)} in the inserting transaction, so every replica hears about
 * every commit, whichever replica stored it.
 *
 * <p>After every (re)connect every stream re-reads the database, because notifications sent while
 * the connection was down are lost. Starts before the gRPC server and stops after it.
 */
@Component
public class MessageNotificationListener implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(MessageNotificationListener.class);
  private static final Duration LIVENESS_CHECK_INTERVAL = Duration.ofSeconds(30);

  private final DataSourceProperties dataSource;
  private final StreamProperties properties;
  private final MessageArrivals hub;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final CountDownLatch listening = new CountDownLatch(1);
  private volatile boolean running;
  private Thread thread;

  public MessageNotificationListener(
      DataSourceProperties dataSource, StreamProperties properties, MessageArrivals hub) {
    this.dataSource = dataSource;
    this.properties = properties;
    this.hub = hub;
  }

  @Override
  public void start() {
    running = true;
    thread = new Thread(this::run, "message-notification-listener");
    thread.setDaemon(true);
    thread.start();
    try {
      // Give the first LISTEN a moment so streams opened right after start-up get notifications
      // (correctness does not depend on it: the first connect drains every stream anyway).
      listening.await(properties.listenerReconnectDelay().toMillis() * 5, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void stop() {
    running = false;
    stopped.countDown();
    if (thread != null) {
      try {
        thread.join(properties.listenerPollInterval().toMillis() * 4);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Before the gRPC server (phase Integer.MAX_VALUE) starts, after it stops. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 2048;
  }

  private void run() {
    while (running) {
      try (Connection connection = connect();
          Statement statement = connection.createStatement()) {
        statement.execute("LISTEN " + properties.notificationChannel());
        listening.countDown();
        hub.notificationsMayHaveBeenMissed();
        PGConnection pg = connection.unwrap(PGConnection.class);
        int pollMillis = Math.toIntExact(properties.listenerPollInterval().toMillis());
        long pollsPerCheck =
            Math.max(1, LIVENESS_CHECK_INTERVAL.toMillis() / Math.max(1, pollMillis));
        for (long polls = 1; running; polls++) {
          PGNotification[] notifications = pg.getNotifications(pollMillis);
          if (notifications != null) {
            for (PGNotification notification : notifications) {
              hub.messagesArrived(notification.getParameter());
            }
          }
          if (polls % pollsPerCheck == 0) {
            // A silently dropped connection would just stay quiet; a round trip exposes it.
            statement.execute("SELECT 1");
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (running) {
          log.warn("LISTEN connection failed, reconnecting: {}", e.toString());
          awaitStop(properties.listenerReconnectDelay().toMillis());
        }
      }
    }
  }

  private Connection connect() throws SQLException {
    Properties credentials = new Properties();
    String user = dataSource.determineUsername();
    String password = dataSource.determinePassword();
    if (user != null) {
      credentials.setProperty("user", user);
    }
    if (password != null) {
      credentials.setProperty("password", password);
    }
    credentials.setProperty("ApplicationName", "connector-notification-listener");
    credentials.setProperty("tcpKeepAlive", "true");
    return DriverManager.getConnection(dataSource.determineUrl(), credentials);
  }

  private void awaitStop(long millis) {
    try {
      stopped.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
