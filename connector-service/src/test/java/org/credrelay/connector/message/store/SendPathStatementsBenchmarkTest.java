package org.credrelay.connector.message.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.credrelay.connector.support.ConnectorIntegrationTest;
import org.credrelay.connector.support.TestParty;
import org.credrelay.proto.connector.v1.SendMessageRequest;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.EncryptedMessage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What PostgreSQL runs and pays per SendMessage, statement by statement (docs/PERFORMANCE.md
 * "PostgreSQL per SendMessage, statement by statement"): 16 threads send signed SendMessages of an
 * envelope's size, each to its own holder, with client message ids, through the real gRPC service;
 * after a warm-up the figures of {@code pg_stat_statements} (calls, rows, execution and planning
 * time, buffers, WAL per statement), the WAL of the window and the CPU time of the server's
 * processes per message are written to {@code m.out} (default {@code /tmp/conndb-measure.txt}).
 *
 * <p>A measurement, not a check: tagged {@code benchmark}, so it runs only on request, and only
 * against a server that preloads {@code pg_stat_statements} (the embedded binaries ship it): {@code
 * CREDRELAY_TEST_JDBC_URL=jdbc:postgresql://127.0.0.1:<port>/postgres ./mvnw -pl connector-service
 * test -Dtest=SendPathStatementsBenchmarkTest -Dsurefire.excludedGroups=}, with {@code -Dm.count},
 * {@code -Dm.warm}, {@code -Dm.threads}, {@code -Dm.size}, {@code -Dm.partitions} (extra daily
 * partitions, as a 30-day retention keeps), {@code -Dm.perf} (a perf record file of the client
 * backends). CPU time is read from /proc for the server's processes alive at the start (Linux, same
 * machine); autovacuum workers that come and go are not counted.
 */
@Tag("benchmark")
class SendPathStatementsBenchmarkTest extends ConnectorIntegrationTest {

  @Autowired private JdbcTemplate jdbc;
  private static final SecureRandom random = new SecureRandom();

  @Test
  void measure() throws Exception {
    int threads = Integer.getInteger("m.threads", 16);
    int warm = Integer.getInteger("m.warm", 1600);
    int count = Integer.getInteger("m.count", 3200);
    int size = Integer.getInteger("m.size", 5300);
    StringBuilder report = new StringBuilder();
    assertThat(jdbc.queryForObject("SHOW shared_preload_libraries", String.class))
        .as("a server started with shared_preload_libraries = 'pg_stat_statements'")
        .contains("pg_stat_statements");
    jdbc.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    int extra = Integer.getInteger("m.partitions", 0);
    if (extra > 0) {
      // As many daily partitions as a 30-day retention keeps (here ahead of time: the same plans).
      String newest =
          jdbc.queryForObject(
              "SELECT max(c.relname) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                  + " WHERE i.inhparent = 'connector.messages'::regclass"
                  + " AND c.relname LIKE 'messages_p2%'",
              String.class);
      java.time.LocalDate day =
          java.time.LocalDate.parse(
              newest.substring(10, 18), java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
      for (int i = 1; i <= extra; i++) {
        jdbc.queryForList(
            "SELECT connector.create_messages_partition(CAST(? AS timestamptz),"
                + " CAST(? AS timestamptz) + interval '1 day')",
            day.plusDays(i) + "T00:00:00Z",
            day.plusDays(i) + "T00:00:00Z");
      }
    }
    report.append(
        jdbc.queryForObject(
                "SELECT count(*) FROM pg_inherits WHERE inhparent = 'connector.messages'::regclass",
                Long.class)
            + " partitions\n");
    TestParty issuer = registeredIssuer();
    List<TestParty> holders = new ArrayList<>();
    List<String> connections = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      TestParty holder = TestParty.holder(clock);
      holders.add(holder);
      connections.add(connect(issuer, holder).getConnectionId());
    }
    run(issuer, holders, connections, warm, size);
    jdbc.execute("CHECKPOINT");
    jdbc.queryForList("SELECT pg_stat_statements_reset()");
    String lsn0 = jdbc.queryForObject("SELECT pg_current_wal_lsn()::text", String.class);
    Map<Integer, String> kinds = new java.util.HashMap<>();
    jdbc.query(
        "SELECT pid, backend_type, coalesce(application_name, '') AS app FROM pg_stat_activity",
        rs -> {
          kinds.put(rs.getInt("pid"), rs.getString("backend_type") + " " + rs.getString("app"));
        });
    Map<String, long[]> byProcess0 = postgresTicksByProcess(kinds);
    Process perf = null;
    if (System.getProperty("m.perf") != null) {
      String pids =
          String.join(
              ",",
              jdbc.queryForList(
                  "SELECT pid::text FROM pg_stat_activity WHERE backend_type = 'client backend'",
                  String.class));
      perf =
          new ProcessBuilder(
                  "perf",
                  "record",
                  "-F",
                  "499",
                  "-g",
                  "-o",
                  System.getProperty("m.perf"),
                  "-p",
                  pids)
              .redirectErrorStream(true)
              .redirectOutput(new java.io.File(System.getProperty("m.perf") + ".log"))
              .start();
    }
    long t0 = System.nanoTime();
    run(issuer, holders, connections, count, size);
    long t1 = System.nanoTime();
    if (perf != null) {
      new ProcessBuilder("kill", "-INT", Long.toString(perf.pid())).start().waitFor();
      perf.waitFor();
    }
    Map<String, long[]> byProcess1 = postgresTicksByProcess(kinds);
    Long wal =
        jdbc.queryForObject(
            "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), ?::pg_lsn)::bigint", Long.class, lsn0);
    report.append(
        String.format(
            "messages=%d threads=%d wall=%.2fs rate=%.0f/s postgres_cpu_ms_per_msg=%.3f wal_per_msg=%d%n",
            count,
            threads,
            (t1 - t0) / 1e9,
            count / ((t1 - t0) / 1e9),
            (total(byProcess1) - total(byProcess0)) * 10.0 / count,
            wal / count));
    for (var e : byProcess1.entrySet()) {
      long[] before = byProcess0.getOrDefault(e.getKey(), new long[2]);
      report.append(
          String.format(
              "  process %-40s user_ms/msg=%.3f sys_ms/msg=%.3f%n",
              e.getKey(),
              (e.getValue()[0] - before[0]) * 10.0 / count,
              (e.getValue()[1] - before[1]) * 10.0 / count));
    }
    report.append(
        "calls/msg rows/msg exec_ms/call plan_ms/call plans hit/call read/call dirtied/call"
            + " wal_rec/call wal_fpi/call wal_bytes/call query\n");
    for (Map<String, Object> row :
        jdbc.queryForList(
            """
            SELECT calls, rows, total_exec_time, total_plan_time, plans, shared_blks_hit,
                   shared_blks_read, shared_blks_dirtied, wal_records, wal_fpi, wal_bytes,
                   left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS q
            FROM pg_stat_statements ORDER BY total_exec_time DESC""")) {
      double calls = ((Number) row.get("calls")).doubleValue();
      if (calls == 0) {
        continue;
      }
      report.append(
          String.format(
              "%.3f %.3f %.4f %.4f %d %.1f %.2f %.2f %.2f %.3f %.0f %s%n",
              calls / count,
              ((Number) row.get("rows")).doubleValue() / count,
              ((Number) row.get("total_exec_time")).doubleValue() / calls,
              ((Number) row.get("total_plan_time")).doubleValue() / calls,
              ((Number) row.get("plans")).longValue(),
              ((Number) row.get("shared_blks_hit")).doubleValue() / calls,
              ((Number) row.get("shared_blks_read")).doubleValue() / calls,
              ((Number) row.get("shared_blks_dirtied")).doubleValue() / calls,
              ((Number) row.get("wal_records")).doubleValue() / calls,
              ((Number) row.get("wal_fpi")).doubleValue() / calls,
              ((Number) row.get("wal_bytes")).doubleValue() / calls,
              row.get("q")));
    }
    Files.writeString(Path.of(System.getProperty("m.out", "/tmp/conndb-measure.txt")), report);
    System.out.println(report);
  }

  private void run(
      TestParty issuer, List<TestParty> holders, List<String> connections, int count, int size)
      throws Exception {
    int threads = holders.size();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        TestParty holder = holders.get(t);
        String connection = connections.get(t);
        int mine = count / threads;
        done.add(
            pool.submit(
                () -> {
                  var stub = issuer.stub(channel);
                  for (int i = 0; i < mine; i++) {
                    stub.sendMessage(
                        SendMessageRequest.newBuilder()
                            .setConnectionId(connection)
                            .setClientMessageId(UUID.randomUUID().toString())
                            .setMessage(ByteString.copyFrom(message(holder, size)))
                            .build());
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private static byte[] message(TestParty recipient, int size) {
    byte[] noise = new byte[size * 3 / 4];
    random.nextBytes(noise);
    return AtalaMessage.newBuilder()
        .setEncryptedMessage(
            EncryptedMessage.newBuilder()
                .setKeyId(recipient.communication().kid())
                .setEncryptedContent(
                    ByteString.copyFromUtf8(
                        "{\"ciphertext\":\""
                            + Base64.getUrlEncoder().encodeToString(noise)
                            + "\"}")))
        .build()
        .toByteArray();
  }

  /** utime and stime (clock ticks) of this server's processes, by backend type and application. */
  private static Map<String, long[]> postgresTicksByProcess(Map<Integer, String> kinds)
      throws Exception {
    Map<String, long[]> ticks = new java.util.TreeMap<>();
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String stat = Files.readString(p.resolve("stat"));
          int close = stat.lastIndexOf(')');
          String comm = stat.substring(stat.indexOf('(') + 1, close);
          if (!comm.equals("postgres")) {
            continue;
          }
          String kind = kinds.get(Integer.parseInt(p.getFileName().toString()));
          if (kind == null) {
            continue; // another server's process, or one that started later
          }
          String[] f = stat.substring(close + 2).split(" ");
          long[] t = ticks.computeIfAbsent(kind, k -> new long[2]);
          t[0] += Long.parseLong(f[11]);
          t[1] += Long.parseLong(f[12]);
        } catch (Exception gone) {
          // exited meanwhile
        }
      }
    }
    return ticks;
  }

  private static long total(Map<String, long[]> ticks) {
    return ticks.values().stream().mapToLong(t -> t[0] + t[1]).sum();
  }
}
