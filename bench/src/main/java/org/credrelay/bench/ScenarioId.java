package org.credrelay.bench;

/**
 * The scenarios of issues 9, 17 and 20, in run order: envelope and wallet-store first (they need no
 * services, so nothing else competes for the CPU), the memory scenario on a fresh suite, and
 * end-to-end last because a rate above what the gateway sustains leaves a backlog that would
 * disturb anything after it. Rate-limit and scale-out come after every other: they restart the
 * connector and start further processes, which would leave the others a cold JIT.
 */
public enum ScenarioId {
  ENVELOPE("envelope", 5, "Envelope seal/open vs raw primitives"),
  WALLET_STORE("wallet-store", 14, "Wallet save: CPU and state bytes per save vs credentials held"),
  STREAMS("streams", 6, "Connector heap with idle wallet streams"),
  SEND("send", 1, "Connector SendMessage vs JDBC insert"),
  BATCH("batch", 2, "Connector SendMessages(100) vs batched JDBC"),
  PAGING("paging", 3, "GetMessagesPaginated latency vs stored messages"),
  E2E("e2e", 4, "Gateway REST to decrypted in a streaming wallet"),
  WALLET_MEMORY("wallet-memory", 7, "Wallet heap while receiving vs credentials held"),
  ACK("ack", 8, "Acknowledged delivery: page from the head + AcknowledgeMessages"),
  RETENTION("retention", 9, "Retention job: messages removed per second, send rate it leaves"),
  STREAMS_50K(
      "streams-50k", 11, "Connector heap, threads and descriptors with 50,000 idle streams"),
  RATE_LIMIT("rate-limit", 12, "SendMessage with the connector's rate limits on vs off"),
  SCALE_OUT(
      "scale-out",
      13,
      "1 connector + 1 gateway vs 2 + 2 processes: rate, exactly once, connections");

  private final String cliName;
  private final int issueNumber;
  private final String title;

  ScenarioId(String cliName, int issueNumber, String title) {
    this.cliName = cliName;
    this.issueNumber = issueNumber;
    this.title = title;
  }

  public String cliName() {
    return cliName;
  }

  /** "1 send": the number of the measurement in issue 9 and the option name. */
  public String label() {
    return issueNumber + " " + cliName;
  }

  public String title() {
    return title;
  }

  public boolean needsSuite() {
    return this != ENVELOPE && this != WALLET_STORE;
  }

  /**
   * Whether the scenario's target is stated against a durable JDBC baseline, so that it also runs
   * on a non-durable database for comparison ({@code --non-durable-variant}).
   */
  public boolean hasNonDurableVariant() {
    return this == SEND || this == BATCH;
  }

  static ScenarioId named(String name) {
    for (ScenarioId id : values()) {
      if (id.cliName.equals(name) || String.valueOf(id.issueNumber).equals(name)) {
        return id;
      }
    }
    throw new IllegalArgumentException("unknown scenario '" + name + "'\n" + BenchOptions.USAGE);
  }
}
