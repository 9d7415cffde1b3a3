package org.credrelay.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.credrelay.bench.env.Durability;
import org.credrelay.bench.env.MessagePartitions;
import org.credrelay.launcher.DatabaseCoordinates;

/**
 * Command-line options of {@link BenchMain}; see bench/README.md for the list.
 *
 * @param sizeName "full" or "smoke" (the preset the overrides were applied to)
 * @param sizes the sizes after overrides
 * @param scenarios which scenarios to run, in run order
 * @param output where the JSON results go
 * @param database an external PostgreSQL instead of the embedded one
 * @param durability how the embedded PostgreSQL commits (default durable, as production)
 * @param nonDurableVariant whether the send and batch scenarios run a second time on a non-durable
 *     embedded database, reported beside the durable figures for information
 * @param messagePartitions how many partitions {@code connector.messages} is given before the
 *     scenarios run (as many as a connector in service has; fewer leaves the connector's own)
 */
public record BenchOptions(
    String sizeName,
    BenchSizes sizes,
    Set<ScenarioId> scenarios,
    Path output,
    Optional<DatabaseCoordinates> database,
    Durability durability,
    boolean nonDurableVariant,
    int messagePartitions) {

  static final String USAGE =
      """
      usage: java -jar bench/target/bench-<version>-exec.jar [options]
        --size=full|smoke            preset (default full)
        --scenarios=LIST             comma-separated subset of: envelope,wallet-store,streams,send,
                                     batch,paging,e2e,wallet-memory,ack,retention,streams-50k,
                                     rate-limit,scale-out
                                     (default: all, in this order)
        --out=FILE                   JSON results (default bench/target/bench-results.json)
        --warmup-seconds=S           closed-loop warm-up per measurement (minimum)
        --jit-settle-seconds=S       then load up to S more until no JVM's JIT compiler is busy
                                     (default 120 full, 0 smoke)
        --measure-seconds=S          closed-loop measurement window
        --rounds=N                   alternating system/baseline rounds (median counts)
        --send-concurrency=LIST      SendMessage concurrency levels (default 1,4,16)
        --batch-concurrency=N        SendMessages concurrency (default 4)
        --paging-sizes=LIST          stored messages of the paging holder (default 100000,1000000)
        --paging-requests=N          measured requests per size (default 2000)
        --e2e-wallets=N              streaming wallets (default 16)
        --e2e-in-flight=N            credentials outstanding in the saturation run (default 200)
        --e2e-senders=N              concurrent REST clients of the saturation runs (default 8)
        --e2e-seconds=S              measured length of the saturation run (default 30)
        --e2e-warmup-seconds=S       load before it is measured (minimum; default 60, or two thirds of a
                                     longer run), then up to --jit-settle-seconds more
        --idle-streams=N             idle streams of the memory scenario (default 5000)
        --many-idle-streams=N        idle streams of the streams-50k scenario (default 50000)
        --durable=true|false         embedded PostgreSQL with fsync and synchronous_commit on
                                     (default true, as production) or synchronous_commit off
        --non-durable-variant=true|false
                                     run send and batch again on a non-durable database and
                                     report those figures beside (default true)
        --message-partitions=N       partitions of connector.messages before the scenarios run
                                     (default 34: a connector in service with the default 30-day
                                     retention in daily partitions; 0 keeps a fresh connector's)
        --diagnostics=true|false     also count database transactions per message (default:
                                     true for full, false for smoke; adds ~1 minute)
        --jdbc-url=URL --jdbc-user=U --jdbc-password=P
                                     use this PostgreSQL instead of an embedded one
      """;

  public static BenchOptions parse(String... args) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "'\n" + USAGE);
      }
      String key;
      String value;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        key = arg.substring(2, eq);
        value = arg.substring(eq + 1);
      } else {
        key = arg.substring(2);
        if (key.equals("help")) {
          throw new IllegalArgumentException(USAGE);
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("--" + key + " needs a value\n" + USAGE);
        }
        value = args[++i];
      }
      values.put(key, value);
    }
    String sizeName = values.getOrDefault("size", "full");
    BenchSizes sizes =
        switch (sizeName) {
          case "full" -> BenchSizes.full();
          case "smoke" -> BenchSizes.smoke();
          default -> throw new IllegalArgumentException("--size must be full or smoke\n" + USAGE);
        };
    sizes = applyOverrides(sizes, values);
    Set<ScenarioId> scenarios = scenarios(values.remove("scenarios"));
    Path output = Path.of(values.getOrDefault("out", defaultOutput()));
    values.remove("out");
    values.remove("size");
    Optional<DatabaseCoordinates> database = Optional.empty();
    String url = values.remove("jdbc-url");
    String user = values.remove("jdbc-user");
    String password = values.remove("jdbc-password");
    if (url != null) {
      database = Optional.of(new DatabaseCoordinates(url, user, password));
    }
    Durability durability =
        bool(values.remove("durable"), true) ? Durability.DURABLE : Durability.NON_DURABLE;
    boolean nonDurableVariant =
        bool(values.remove("non-durable-variant"), durability == Durability.DURABLE);
    int messagePartitions =
        integer(values.remove("message-partitions"), MessagePartitions.PRODUCTION);
    if (!values.isEmpty()) {
      throw new IllegalArgumentException("unknown option(s) " + values.keySet() + "\n" + USAGE);
    }
    return new BenchOptions(
        sizeName,
        sizes,
        scenarios,
        output,
        database,
        durability,
        nonDurableVariant,
        messagePartitions);
  }

  private static BenchSizes applyOverrides(BenchSizes s, Map<String, String> v) {
    Duration warmup = seconds(v.remove("warmup-seconds"), s.warmup());
    Duration measure = seconds(v.remove("measure-seconds"), s.measure());
    int rounds = integer(v.remove("rounds"), s.rounds());
    List<Integer> send = integers(v.remove("send-concurrency"), s.sendConcurrency());
    int batch = integer(v.remove("batch-concurrency"), s.batchConcurrency());
    List<Integer> paging = integers(v.remove("paging-sizes"), s.paginationSizes());
    int pagingRequests = integer(v.remove("paging-requests"), s.paginationRequests());
    int wallets = integer(v.remove("e2e-wallets"), s.e2eWallets());
    int inFlight = integer(v.remove("e2e-in-flight"), s.e2eInFlight());
    int senders = integer(v.remove("e2e-senders"), s.e2eSenders());
    Duration saturation = seconds(v.remove("e2e-seconds"), s.e2eSaturation());
    // Unless given: the size's warm-up, or two thirds of a longer measured length.
    Duration twoThirds = saturation.multipliedBy(2).dividedBy(3);
    Duration e2eWarmup =
        seconds(
            v.remove("e2e-warmup-seconds"),
            twoThirds.compareTo(s.e2eWarmup()) > 0 ? twoThirds : s.e2eWarmup());
    int streams = integer(v.remove("idle-streams"), s.idleStreams());
    if (paging.size() != 2 || paging.get(0) >= paging.get(1)) {
      throw new IllegalArgumentException(
          "--paging-sizes needs two ascending sizes, e.g. 100000,1000000");
    }
    return new BenchSizes(
        warmup,
        measure,
        rounds,
        send,
        batch,
        s.batchEntries(),
        s.contentBytes(),
        paging,
        pagingRequests,
        s.pageSize(),
        wallets,
        inFlight,
        senders,
        saturation,
        e2eWarmup,
        s.e2eLatencyRun(),
        s.e2eTargetRate(),
        s.jmhWarmupIterations(),
        s.jmhMeasureIterations(),
        s.jmhIteration(),
        streams,
        s.streamChannels(),
        bool(v.remove("diagnostics"), s.diagnostics()),
        integer(v.remove("many-idle-streams"), s.manyIdleStreams()),
        seconds(v.remove("jit-settle-seconds"), s.jitSettle()));
  }

  private static Set<ScenarioId> scenarios(String list) {
    if (list == null || list.isBlank()) {
      return new LinkedHashSet<>(Arrays.asList(ScenarioId.values()));
    }
    Set<ScenarioId> requested = new LinkedHashSet<>();
    for (String name : list.split(",")) {
      requested.add(ScenarioId.named(name.trim()));
    }
    Set<ScenarioId> ordered = new LinkedHashSet<>();
    for (ScenarioId id : ScenarioId.values()) {
      if (requested.contains(id)) {
        ordered.add(id);
      }
    }
    return ordered;
  }

  /** Next to the executable jar (bench/target) if run from it, else ./target. */
  private static String defaultOutput() {
    try {
      Path code =
          Path.of(BenchOptions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (code.toString().endsWith(".jar")) {
        return code.toAbsolutePath().getParent().resolve("bench-results.json").toString();
      }
    } catch (Exception e) {
      // fall through: nested jar URLs of the executable jar
    }
    String jar = System.getProperty("java.class.path", "");
    if (jar.endsWith(".jar") && !jar.contains(java.io.File.pathSeparator)) {
      Path parent = Path.of(jar).toAbsolutePath().getParent();
      return parent.resolve("bench-results.json").toString();
    }
    return "target/bench-results.json";
  }

  private static boolean bool(String value, boolean fallback) {
    if (value == null) {
      return fallback;
    }
    if (!value.equals("true") && !value.equals("false")) {
      throw new IllegalArgumentException("expected true or false, not '" + value + "'\n" + USAGE);
    }
    return Boolean.parseBoolean(value);
  }

  private static Duration seconds(String value, Duration fallback) {
    return value == null
        ? fallback
        : Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
  }

  private static int integer(String value, int fallback) {
    return value == null ? fallback : Integer.parseInt(value.replace("_", ""));
  }

  private static List<Integer> integers(String value, List<Integer> fallback) {
    if (value == null) {
      return fallback;
    }
    List<Integer> list = new ArrayList<>();
    for (String part : value.split(",")) {
      list.add(Integer.parseInt(part.trim().replace("_", "")));
    }
    return List.copyOf(list);
  }

  public Map<String, Object> describe() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("size", sizeName);
    map.put("scenarios", scenarios.stream().map(ScenarioId::cliName).toList());
    map.put(
        "database",
        database.map(Object::toString).orElse("embedded PostgreSQL, " + durability.label()));
    map.put("nonDurableVariant", nonDurableVariant);
    map.putAll(sizes.describe());
    return map;
  }
}
