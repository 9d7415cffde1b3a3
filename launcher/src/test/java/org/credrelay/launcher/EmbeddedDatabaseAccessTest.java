package org.credrelay.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 8: the launcher's embedded PostgreSQL lets in only who knows its random password,
 * through a socket directory only its owner can enter, and on the loopback interface only.
 */
class EmbeddedDatabaseAccessTest {

  private static EmbeddedDatabase database;

  @BeforeAll
  static void start() {
    database = EmbeddedDatabase.start(Optional.empty());
  }

  @AfterAll
  static void stop() {
    database.close();
  }

  @Test
  void connectionWithoutPassword_isRefused() {
    String url = database.coordinates().jdbcUrl();
    assertThatThrownBy(() -> DriverManager.getConnection(url, EmbeddedDatabase.SUPERUSER, ""))
        .isInstanceOf(SQLException.class);
    assertThatThrownBy(
            () -> DriverManager.getConnection(url, EmbeddedDatabase.SUPERUSER, "postgres"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password authentication failed");
  }

  @Test
  void connectionWithTheRunsPassword_isAccepted_andEveryRuleWantsScram() throws SQLException {
    try (Connection db = connect();
        Statement statement = db.createStatement();
        ResultSet rules =
            statement.executeQuery("SELECT type, auth_method FROM pg_hba_file_rules")) {
      List<String> methods = new ArrayList<>();
      while (rules.next()) {
        methods.add(rules.getString(1) + ":" + rules.getString(2));
      }
      assertThat(methods).containsExactlyInAnyOrder("local:scram-sha-256", "host:scram-sha-256");
    }
    assertThat(database.coordinates().password()).hasSizeGreaterThanOrEqualTo(32);
  }

  @Test
  void socketDirectory_isOwnerOnly() throws IOException {
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(database.socketDirectory())))
        .isEqualTo("rwx------");
    assertThat(database.socketDirectory().resolve(".s.PGSQL." + database.port())).exists();
  }

  @Test
  void server_listensOnLoopbackOnly() throws Exception {
    try (Connection db = connect();
        Statement statement = db.createStatement();
        ResultSet row = statement.executeQuery("SHOW listen_addresses")) {
      row.next();
      assertThat(row.getString(1)).isEqualTo("127.0.0.1");
    }
    for (InetAddress address : nonLoopbackAddresses()) {
      try (Socket socket = new Socket()) {
        assertThatThrownBy(
                () -> socket.connect(new InetSocketAddress(address, database.port()), 2_000))
            .as("PostgreSQL reachable on " + address)
            .isInstanceOf(IOException.class);
      }
    }
  }

  @Test
  void stopImmediately_thenStartAgain_keepsCommittedRowsOnTheSamePort() throws SQLException {
    try (Connection db = connect();
        Statement statement = db.createStatement()) {
      statement.execute("CREATE TABLE crash_probe (id int)");
      statement.execute("INSERT INTO crash_probe VALUES (42)");
    }
    database.stopImmediately();
    assertThatThrownBy(this::connect).isInstanceOf(SQLException.class);
    database.startAgain();
    try (Connection db = connect();
        Statement statement = db.createStatement();
        ResultSet row = statement.executeQuery("SELECT id FROM crash_probe")) {
      assertThat(row.next()).isTrue();
      assertThat(row.getInt(1)).isEqualTo(42);
    }
  }

  private Connection connect() throws SQLException {
    DatabaseCoordinates coordinates = database.coordinates();
    return DriverManager.getConnection(
        coordinates.jdbcUrl(), coordinates.username(), coordinates.password());
  }

  private static List<InetAddress> nonLoopbackAddresses() throws IOException {
    List<InetAddress> addresses = new ArrayList<>();
    for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress address : Collections.list(network.getInetAddresses())) {
        if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
          addresses.add(address);
        }
      }
    }
    return addresses;
  }
}
