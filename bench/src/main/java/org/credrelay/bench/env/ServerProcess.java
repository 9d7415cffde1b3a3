package org.credrelay.bench.env;

import com.sun.management.UnixOperatingSystemMXBean;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * One service JVM of the suite as the benchmark sees it from outside: its process id and, through
 * the JDK's local management agent (attached on first use, as {@code jcmd} and JConsole do), its
 * CPU time, heap after a full collection, threads and open file descriptors. The probe adds the
 * agent's few RMI threads to the service while it is attached; {@link #snapshot} is only used
 * before and after a measurement, never during one.
 */
public final class ServerProcess implements AutoCloseable {

  /** What a service JVM holds at one moment. */
  public record Snapshot(
      long heapUsedBytes, long directBytes, int threads, long openFileDescriptors) {

    public double heapMib() {
      return heapUsedBytes / 1048576.0;
    }
  }

  private final String name;
  private final ProcessHandle process;
  private JMXConnector connector;
  private MBeanServerConnection server;

  ServerProcess(String name, ProcessHandle process) {
    this.name = name;
    this.process = process;
  }

  /**
   * The child JVM of this one that runs the service {@code application} (its main class name is on
   * the command line, see the launcher's ServiceProcess).
   */
  static ServerProcess find(String name, Class<?> application) {
    List<ProcessHandle> matches =
        ProcessHandle.current()
            .children()
            .filter(
                child ->
                    child
                        .info()
                        .arguments()
                        .map(args -> List.of(args).contains(application.getName()))
                        .orElse(false))
            .toList();
    if (matches.size() != 1) {
      throw new IllegalStateException(
          matches.size() + " child processes run " + application.getName() + ", expected 1");
    }
    return new ServerProcess(name, matches.get(0));
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  /**
   * CPU time (user + system) the service's JVM used so far, in nanoseconds: from the kernel's
   * accounting ({@code /proc/<pid>/stat}, 10 ms ticks), without attaching; -1 if unknown.
   */
  public long cpuNanos() {
    return process.info().totalCpuDuration().map(d -> d.toNanos()).orElse(-1L);
  }

  /**
   * The soft limit of open files of the service's process ({@code ulimit -n} it inherited), -1 if
   * unknown.
   */
  public long openFileLimit() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "limits"))) {
        if (line.startsWith("Max open files")) {
          String[] fields = line.substring("Max open files".length()).trim().split("\\s+");
          return fields[0].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(fields[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or the process is gone
    }
    return -1;
  }

  /** Heap after a full collection, direct buffers, live threads and open descriptors. */
  public synchronized Snapshot snapshot() throws IOException {
    MBeanServerConnection jmx = attach();
    MemoryMXBean memory =
        ManagementFactory.newPlatformMXBeanProxy(
            jmx, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
    // Twice: the first collection may only promote what the second can then free.
    memory.gc();
    memory.gc();
    long heap = memory.getHeapMemoryUsage().getUsed();
    long direct = 0;
    for (BufferPoolMXBean pool :
        ManagementFactory.getPlatformMXBeans(jmx, BufferPoolMXBean.class)) {
      direct += pool.getMemoryUsed();
    }
    int threads =
        ManagementFactory.newPlatformMXBeanProxy(
                jmx, ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class)
            .getThreadCount();
    long descriptors =
        ManagementFactory.newPlatformMXBeanProxy(
                jmx,
                ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME,
                UnixOperatingSystemMXBean.class)
            .getOpenFileDescriptorCount();
    return new Snapshot(heap, direct, threads, descriptors);
  }

  private MBeanServerConnection attach() throws IOException {
    if (server == null) {
      String address;
      try {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(process.pid()));
        try {
          address = vm.startLocalManagementAgent();
        } finally {
          vm.detach();
        }
      } catch (com.sun.tools.attach.AttachNotSupportedException e) {
        throw new IOException("cannot attach to " + name + " (pid " + pid() + ")", e);
      }
      connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
      server = connector.getMBeanServerConnection();
    }
    return server;
  }

  @Override
  public synchronized void close() {
    if (connector != null) {
      try {
        connector.close();
      } catch (IOException e) {
        // the service is stopping; nothing to release
      }
      connector = null;
      server = null;
    }
  }
}
