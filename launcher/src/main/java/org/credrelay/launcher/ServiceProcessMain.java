package org.credrelay.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Entry point of a child JVM that runs one service of the suite: {@code ServiceProcessMain <name>
 * <application class> <properties file>}. The properties file (0600; it holds the database password
 * and the gateway's key-encryption key, which must not be on a command line) is deleted once read.
 * When the service serves, one line {@value #READY} {@code http=<port> grpc=<port>} goes to
 * standard output, and {@value #STOPPING} when it begins to stop.
 */
public final class ServiceProcessMain {

  static final String READY = "credrelay-service-ready";
  static final String STOPPING = "credrelay-service-stopping";

  private ServiceProcessMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: ServiceProcessMain <name> <application class> <properties file>");
      System.exit(2);
    }
    Map<String, String> properties = read(Path.of(args[2]));
    // Boot's own hook would stop Logback while the hook below still closes the service, and
    // whatever the service logs while it stops (a WARN among it) would be lost.
    properties.putIfAbsent("logging.register-shutdown-hook", "false");
    Class<?> application = Class.forName(args[1]);
    ServiceInstance service = new ServiceInstance(args[0], application, properties);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  // Marks where the stop begins in the service's log (what follows is its
                  // shutdown).
                  System.out.println(STOPPING);
                  service.close();
                },
                "service-stop"));
    // A child whose parent died (a test JVM killed by its build) must not keep the ports and the
    // database busy: it stops when the parent is gone.
    ProcessHandle.current()
        .parent()
        .ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
    service.start();
    System.out.println(READY + " http=" + service.httpPort() + " grpc=" + service.grpcPort());
    System.out.flush();
  }

  private static Map<String, String> read(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    Files.deleteIfExists(file);
    Map<String, String> result = new LinkedHashMap<>();
    properties
        .stringPropertyNames()
        .forEach(name -> result.put(name, properties.getProperty(name)));
    return result;
  }
}
