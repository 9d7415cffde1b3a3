package org.credrelay.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.credrelay.bench.env.BenchSuite;
import org.credrelay.bench.env.Holder;
import org.credrelay.bench.env.Issuer;
import org.credrelay.bench.env.MessagePartitions;
import org.credrelay.bench.env.Parties;

/**
 * What the scenarios share: options, the suite (started on first use), one registered issuer and a
 * pool of holders connected to it.
 */
public final class BenchContext implements AutoCloseable {

  private final BenchOptions options;
  private final Consumer<String> progress;
  private BenchSuite suite;
  private RuntimeException suiteFailure;
  private Parties parties;
  private Issuer issuer;
  private final List<Holder> holders = new ArrayList<>();

  public BenchContext(BenchOptions options, Consumer<String> progress) {
    this.options = options;
    this.progress = progress;
  }

  public BenchOptions options() {
    return options;
  }

  public BenchSizes sizes() {
    return options.sizes();
  }

  public void progress(String line) {
    progress.accept(line);
  }

  public synchronized BenchSuite suite() {
    if (suiteFailure != null) {
      throw new IllegalStateException("the suite failed to start earlier", suiteFailure);
    }
    if (suite == null) {
      progress("starting the suite (embedded PostgreSQL unless --jdbc-url) ...");
      try {
        suite =
            BenchSuite.start(
                options.database(),
                options.durability(),
                options.output().toAbsolutePath().resolveSibling("bench-server-logs"),
                options.sizeName().equals("smoke"),
                line -> progress("  " + line));
      } catch (RuntimeException e) {
        suiteFailure = e;
        throw e;
      }
      parties = new Parties(suite);
      try {
        progress("database settings: " + suite.databaseSettings());
        progress(
            "partitions of connector.messages: "
                + MessagePartitions.extendTo(suite, options.messagePartitions()));
      } catch (java.sql.SQLException e) {
        progress("database settings unknown: " + e.getMessage());
      }
    }
    return suite;
  }

  public synchronized Parties parties() {
    suite();
    return parties;
  }

  /** The issuer the connector scenarios send as (registered on first use). */
  public synchronized Issuer issuer() {
    if (issuer == null) {
      issuer = parties().registerIssuer("Bench Issuer");
    }
    return issuer;
  }

  /** The first {@code count} holders of the shared pool, each connected to {@link #issuer()}. */
  public synchronized List<Holder> holders(int count) throws Exception {
    if (holders.size() < count) {
      holders.addAll(parties().connectHolders(issuer(), count - holders.size(), 4));
    }
    return List.copyOf(holders.subList(0, count));
  }

  @Override
  public synchronized void close() {
    if (suite != null) {
      progress("stopping the suite ...");
      suite.close();
      suite = null;
    }
  }
}
