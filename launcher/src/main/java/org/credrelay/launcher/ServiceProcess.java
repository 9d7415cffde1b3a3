package org.credrelay.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service of the suite in a JVM of its own (started with this JVM's classpath), so that it can
 * be killed for real ({@link #kill()} is SIGKILL: no shutdown hook, no graceful gRPC drain, no
 * transaction commit) and started again on the same ports. Its output goes to {@code
 * <logDirectory>/<name>.log}; each start appends.
 */
final class ServiceProcess implements SuiteService {

  private static final Pattern READY_LINE =
      Pattern.compile(ServiceProcessMain.READY + " http=(-?\\d+) grpc=(-?\\d+)");

  private static final Logger log = LoggerFactory.getLogger(ServiceProcess.class);
  private static final String PROPERTIES_LAUNCHER =
      "org.springframework.boot.loader.launch.PropertiesLauncher";

  private final String name;
  private final Class<?> application;
  private final Map<String, String> properties;
  private final ProcessSuite.Settings settings;

  /** Properties of this start on top of {@link #properties}, as {@link #restart} was given. */
  private Map<String, String> overrides = Map.of();

  private Process process;
  private Thread pump;
  private int httpPort = -1;
  private int grpcPort = -1;
  private Duration lastStartup = Duration.ZERO;

  ServiceProcess(
      String name,
      Class<?> application,
      Map<String, String> properties,
      ProcessSuite.Settings settings) {
    this.name = name;
    this.application = application;
    this.properties = new LinkedHashMap<>(properties);
    this.settings = settings;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public synchronized void start() {
    if (process != null && process.isAlive()) {
      return;
    }
    long began = System.nanoTime();
    try {
      process = new ProcessBuilder(command(writeProperties())).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
    CompletableFuture<Matcher> ready = new CompletableFuture<>();
    pump = new Thread(() -> copyOutput(process, ready), name + "-output");
    pump.setDaemon(true);
    pump.start();
    Matcher ports = awaitReady(ready);
    lastStartup = Duration.ofNanos(System.nanoTime() - began);
    httpPort = Integer.parseInt(ports.group(1));
    grpcPort = Integer.parseInt(ports.group(2));
    // Keep the ports on restart so clients reconnect to the same address.
    pin("server.port", httpPort);
    pin("spring.grpc.server.port", grpcPort);
  }

  private Matcher awaitReady(CompletableFuture<Matcher> ready) {
    try {
      return ready.get(settings.startupTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      process.destroyForcibly();
      throw new IllegalStateException(
          name + " did not start within " + settings.startupTimeout() + "; see " + logFile());
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          name + " exited before it was ready; see " + logFile(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted while starting " + name, e);
    }
  }

  private void copyOutput(Process child, CompletableFuture<Matcher> ready) {
    try (BufferedReader lines =
            new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        PrintStream log =
            new PrintStream(
                Files.newOutputStream(
                    logFile(), StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                true,
                StandardCharsets.UTF_8)) {
      log.println("---- start of " + name + " (pid " + child.pid() + ")");
      String line;
      while ((line = lines.readLine()) != null) {
        log.println(line);
        if (settings.console().isPresent()) {
          settings.console().get().println(line);
        }
        Matcher matcher = READY_LINE.matcher(line);
        if (matcher.find()) {
          ready.complete(matcher);
        }
      }
      ready.completeExceptionally(
          new IllegalStateException(name + " exited with " + child.waitFor()));
    } catch (IOException | InterruptedException e) {
      ready.completeExceptionally(e);
    }
  }

  private List<String> command(Path propertiesFile) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(settings.jvmOptions());
    settings
        .classDataDirectory()
        .filter(directory -> ClassDataSharing.archivable(System.getProperty("java.class.path")))
        .ifPresent(
            directory ->
                command.addAll(ClassDataSharing.options(directory.resolve(name + ".jsa"))));
    // An argument file keeps the long classpath off the process list.
    command.add("@" + classpathArgumentFile());
    if (runsFromExecutableJar()) {
      // `java -jar launcher-exec.jar` (./run.sh): the classes are nested in the jar, so the child
      // starts through Spring Boot's launcher, told which main class to run.
      command.add("-Dloader.main=" + ServiceProcessMain.class.getName());
      command.add(PROPERTIES_LAUNCHER);
    } else {
      command.add(ServiceProcessMain.class.getName());
    }
    command.add(name);
    command.add(application.getName());
    command.add(propertiesFile.toString());
    return command;
  }

  /**
   * Whether this JVM runs from a Spring Boot executable jar (whose own loader loaded this class).
   */
  private static boolean runsFromExecutableJar() {
    return ServiceProcess.class.getClassLoader() != ClassLoader.getSystemClassLoader();
  }

  private Path classpathArgumentFile() {
    // Written on every start: a kept log directory may hold the file of another build's classpath.
    Path file = settings.logDirectory().resolve("classpath.args");
    try {
      Files.writeString(
          file,
          "-cp \"" + System.getProperty("java.class.path").replace("\\", "\\\\") + "\"\n",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private Path writeProperties() {
    try {
      Path file = PrivateDirectories.createTemporaryFile("credrelay-" + name);
      Properties values = new Properties();
      values.putAll(properties);
      values.putAll(overrides);
      try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        values.store(writer, null);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the properties of " + name, e);
    }
  }

  /**
   * Stops the service in an orderly way (as {@link #close()}) and starts it again on the same ports
   * with {@code overrides} on top of its properties (an empty map: as it was first started);
   * returns once it serves.
   */
  synchronized void restart(Map<String, String> overrides) {
    close();
    this.overrides = Map.copyOf(overrides);
    start();
  }

  /**
   * The properties of another instance of this service: the same database, peers and keys, with its
   * own name ({@code spring.application.name} and the database {@code ApplicationName}) and free
   * ports.
   */
  synchronized Map<String, String> replicaProperties(String replicaName) {
    Map<String, String> replica = new LinkedHashMap<>(properties);
    replica.putAll(overrides);
    replica.put("spring.application.name", replicaName);
    replica.put(ServiceProperties.DATABASE_APPLICATION_NAME, replicaName);
    replica.put("server.port", "0");
    if (replica.containsKey("spring.grpc.server.port")) {
      replica.put("spring.grpc.server.port", "0");
    }
    return replica;
  }

  Class<?> application() {
    return application;
  }

  /** The process id of the running JVM, -1 if none runs. */
  synchronized long pid() {
    return process != null && process.isAlive() ? process.pid() : -1;
  }

  private void pin(String property, int port) {
    if (port > 0 && properties.containsKey(property)) {
      properties.put(property, Integer.toString(port));
    }
  }

  private Path logFile() {
    return settings.logDirectory().resolve(name + ".log");
  }

  /** SIGKILL, as {@code kill -9}: the service gets no chance to finish anything. */
  synchronized void kill() {
    if (process != null) {
      process.destroyForcibly();
      awaitExit();
    }
  }

  synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** How long the last start took, from launching the JVM to serving. */
  synchronized Duration lastStartup() {
    return lastStartup;
  }

  @Override
  public synchronized int httpPort() {
    return httpPort;
  }

  @Override
  public synchronized int grpcPort() {
    return grpcPort;
  }

  /**
   * SIGTERM: the service's shutdown hook closes its context; SIGKILL if that takes too long.
   * Returns once its output up to the end is in its log.
   */
  @Override
  public synchronized void close() {
    if (process != null && process.isAlive()) {
      log.info("stopping {} (pid {})", name, process.pid());
      // SIGTERM through the handle: Process.destroy() would also close the pipe at once, and what
      // the service logs while it stops would never reach its log file.
      process.toHandle().destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          log.warn("{} did not stop within 30 s; killing it", name);
          process.destroyForcibly();
        } else {
          log.info("{} stopped (exit status {})", name, process.exitValue());
        }
        pump.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }

  private void awaitExit() {
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
