package org.credrelay.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Measures the restart time of each service (launching its JVM until it serves) with and without a
 * start-up cut, A/B in alternation so that a machine whose load changes affects both alike: {@code
 * StartupTimes [rounds] [work directory]}. It starts the suite of separate processes on an embedded
 * PostgreSQL, trains one AppCDS archive per service ({@link ClassDataSharing}), then per round and
 * service kills the running instance and starts it again once per variant (the order of the
 * variants turns every round). It prints every time, the median per service and variant, and the
 * ratio of each variant's median to the baseline's. Run it from a classpath of jars with the
 * launcher's own classes last (see docs/RELIABILITY.md): class data sharing archives only classes
 * from jars.
 */
public final class StartupTimes {

  /** A way to start a service: JVM options and properties on top of the suite's. */
  record Variant(String name, List<String> jvmOptions, Map<String, String> properties) {}

  private static final Map<String, String> LEAN_JPA =
      Map.of(
          // The dialect is fixed (PostgreSQL only), so Hibernate need not ask the database at boot.
          "spring.jpa.properties.hibernate.boot.allow_jdbc_metadata_access", "false",
          "spring.jpa.properties.hibernate.dialect", "org.hibernate.dialect.PostgreSQLDialect",
          "spring.data.jpa.repositories.bootstrap-mode", "deferred");

  private StartupTimes() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    Path work = Path.of(args.length > 1 ? args[1] : "target/startup-times").toAbsolutePath();
    Files.createDirectories(work);
    ProcessSuite.Settings base = ProcessSuite.Settings.defaults(work.resolve("logs"));
    Files.createDirectories(base.logDirectory());
    Map<String, ServiceProcess> running = new LinkedHashMap<>();
    Map<String, Spec> specs = new LinkedHashMap<>();
    try (SuiteStarter.Started<ServiceProcess> suite =
        SuiteStarter.start(
            options(),
            System.out::println,
            (name, application, properties) -> {
              specs.put(name, new Spec(name, application, properties));
              ServiceProcess process = new ServiceProcess(name, application, properties, base);
              running.put(name, process);
              return process;
            })) {
      Map<String, Path> archives = new LinkedHashMap<>();
      for (Spec spec : specs.values()) {
        Path archive = work.resolve(spec.name() + ".jsa");
        running.get(spec.name()).kill();
        ServiceProcess trained =
            spec.process(
                running.get(spec.name()),
                base,
                ClassDataSharing.trainingOptions(archive),
                Map.of());
        trained.start();
        trained.close();
        archives.put(spec.name(), archive);
        running.put(spec.name(), spec.process(trained, base, List.of(), Map.of()));
        running.get(spec.name()).start();
        System.out.println("trained " + archive + " (" + Files.size(archive) / 1024 + " KiB)");
      }
      Map<String, Map<String, List<Duration>>> times = new LinkedHashMap<>();
      for (int round = 0; round < rounds; round++) {
        for (Spec spec : specs.values()) {
          List<Variant> variants = variants(archives.get(spec.name()));
          for (int i = 0; i < variants.size(); i++) {
            Variant variant = variants.get((i + round) % variants.size());
            ServiceProcess previous = running.get(spec.name());
            previous.kill();
            ServiceProcess next =
                spec.process(previous, base, variant.jvmOptions(), variant.properties());
            running.put(spec.name(), next);
            next.start();
            times
                .computeIfAbsent(spec.name(), k -> new LinkedHashMap<>())
                .computeIfAbsent(variant.name(), k -> new ArrayList<>())
                .add(next.lastStartup());
            System.out.printf(
                "round %d %s %s %.1f s%n",
                round + 1, spec.name(), variant.name(), next.lastStartup().toMillis() / 1000.0);
          }
        }
      }
      report(times);
      running.values().forEach(ServiceProcess::close);
    }
  }

  private static List<Variant> variants(Path archive) {
    return List.of(
        new Variant("baseline", List.of(), Map.of()),
        new Variant("cds", ClassDataSharing.runtimeOptions(archive), Map.of()),
        new Variant("lean-jpa", List.of(), LEAN_JPA),
        new Variant("cds+lean-jpa", ClassDataSharing.runtimeOptions(archive), LEAN_JPA));
  }

  private static void report(Map<String, Map<String, List<Duration>>> times) {
    System.out.println("service | variant | median s | ratio to baseline | all s");
    times.forEach(
        (service, byVariant) -> {
          double baseline = median(byVariant.get("baseline"));
          byVariant.forEach(
              (variant, values) ->
                  System.out.printf(
                      "%s | %s | %.1f | %.2f | %s%n",
                      service,
                      variant,
                      median(values),
                      median(values) / baseline,
                      values.stream()
                          .map(d -> String.format("%.1f", d.toMillis() / 1000.0))
                          .toList()));
        });
  }

  private static double median(List<Duration> values) {
    List<Long> sorted = values.stream().map(Duration::toMillis).sorted().toList();
    int middle = sorted.size() / 2;
    double millis =
        sorted.size() % 2 == 1
            ? sorted.get(middle)
            : (sorted.get(middle - 1) + sorted.get(middle)) / 2.0;
    return millis / 1000.0;
  }

  private static SuiteOptions options() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    byte[] apiKey = new byte[24];
    new SecureRandom().nextBytes(apiKey);
    return new SuiteOptions(
        Optional.empty(),
        Optional.empty(),
        SuitePorts.random(),
        Base64.getUrlEncoder().withoutPadding().encodeToString(apiKey),
        Base64.getEncoder().encodeToString(key),
        Map.of());
  }

  /** What the suite started a service with, to start it again with other options. */
  private record Spec(String name, Class<?> application, Map<String, String> properties) {

    /** A new process of this service on the ports the previous one served. */
    ServiceProcess process(
        ServiceProcess previous,
        ProcessSuite.Settings base,
        List<String> jvmOptions,
        Map<String, String> extra) {
      Map<String, String> merged = new LinkedHashMap<>(properties);
      merged.put("server.port", Integer.toString(previous.httpPort()));
      if (merged.containsKey("spring.grpc.server.port")) {
        merged.put("spring.grpc.server.port", Integer.toString(previous.grpcPort()));
      }
      merged.putAll(extra);
      List<String> options = new ArrayList<>(base.jvmOptions());
      options.addAll(jvmOptions);
      return new ServiceProcess(
          name,
          application,
          merged,
          new ProcessSuite.Settings(base.logDirectory(), options, base.startupTimeout()));
    }
  }
}
