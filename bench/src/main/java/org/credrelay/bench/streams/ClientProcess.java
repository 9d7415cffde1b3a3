package org.credrelay.bench.streams;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.credrelay.bench.BenchMain;

/** The {@link IdleStreamClients} child JVM: started from the executable jar or the class path. */
final class ClientProcess implements AutoCloseable {

  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private ClientProcess(Process process) {
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("EOF " + e.getMessage());
              }
            },
            "bench-stream-clients-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  static ClientProcess start(String target, Path keys, int channels) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.add("-XX:+UseSerialGC");
    command.addAll(launch());
    command.add(IdleStreamClients.COMMAND);
    command.add(target);
    command.add(keys.toString());
    command.add(Integer.toString(channels));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    return new ClientProcess(builder.start());
  }

  /** {@code -jar <exec jar>} when running from the Spring Boot jar, else the class path. */
  private static List<String> launch() throws IOException {
    String classPath = System.getProperty("java.class.path");
    if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
      try (JarFile jar = new JarFile(classPath)) {
        String main =
            jar.getManifest() == null
                ? null
                : jar.getManifest().getMainAttributes().getValue("Main-Class");
        if (main != null && main.startsWith("org.springframework.boot.loader")) {
          return List.of("-jar", classPath);
        }
      }
    }
    return List.of("-cp", classPath, BenchMain.class.getName());
  }

  /** The next stdout line, or null after {@code seconds}. */
  String nextLine(long seconds) throws InterruptedException {
    return lines.poll(seconds, TimeUnit.SECONDS);
  }

  void send(String line) throws IOException {
    stdin.write(line + "\n");
    stdin.flush();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() throws Exception {
    try {
      send("stop");
      stdin.close();
    } catch (IOException e) {
      // already gone
    }
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
