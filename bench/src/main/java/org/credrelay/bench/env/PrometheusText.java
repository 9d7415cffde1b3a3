package org.credrelay.bench.env;

/** Reads one metric out of the Prometheus text format a service's actuator answers. */
final class PrometheusText {

  private PrometheusText() {}

  /**
   * The sum of every sample of the Micrometer meter {@code name} (dots become underscores, as the
   * Prometheus registry writes them); NaN if there is none.
   */
  static double sum(String exposition, String name) {
    String metric = name.replace('.', '_');
    double sum = 0;
    boolean found = false;
    for (String line : exposition.split("\\n")) {
      if (!line.startsWith(metric)) {
        continue;
      }
      char next = line.length() > metric.length() ? line.charAt(metric.length()) : ' ';
      if (next != '{' && next != ' ') {
        continue;
      }
      String value = line.substring(line.lastIndexOf(' ') + 1);
      sum += Double.parseDouble(value);
      found = true;
    }
    return found ? sum : Double.NaN;
  }
}
