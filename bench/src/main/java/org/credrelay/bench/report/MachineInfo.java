package org.credrelay.bench.report;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The machine a run happened on: absolute numbers mean nothing without it. The load average at the
 * start says whether the machine was quiet (about 0 on an idle machine; one unit per busy core).
 */
public record MachineInfo(
    int processors,
    long physicalMemoryBytes,
    long maxHeapBytes,
    String javaVersion,
    String javaVm,
    String os,
    double loadAverage) {

  public static MachineInfo current() {
    long physical = -1;
    if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
      physical = os.getTotalMemorySize();
    }
    return new MachineInfo(
        Runtime.getRuntime().availableProcessors(),
        physical,
        Runtime.getRuntime().maxMemory(),
        System.getProperty("java.version"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("processors", processors);
    json.put("physicalMemoryBytes", physicalMemoryBytes);
    json.put("maxHeapBytes", maxHeapBytes);
    json.put("javaVersion", javaVersion);
    json.put("javaVm", javaVm);
    json.put("os", os);
    json.put("loadAverageAtStart", loadAverage);
    return json;
  }

  @Override
  public String toString() {
    return processors
        + " CPUs, "
        + (physicalMemoryBytes >> 20)
        + " MiB RAM, max heap "
        + (maxHeapBytes >> 20)
        + " MiB, Java "
        + javaVersion
        + " ("
        + javaVm
        + "), "
        + os
        + String.format(java.util.Locale.ROOT, ", load average %.1f at start", loadAverage);
  }
}
