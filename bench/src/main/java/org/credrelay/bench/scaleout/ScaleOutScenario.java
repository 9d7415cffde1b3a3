package org.credrelay.bench.scaleout;

import io.grpc.ManagedChannel;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.credrelay.bench.BenchContext;
import org.credrelay.bench.BenchSizes;
import org.credrelay.bench.Scenario;
import org.credrelay.bench.ScenarioId;
import org.credrelay.bench.endtoend.DeliveryTracker;
import org.credrelay.bench.endtoend.GatewayApi;
import org.credrelay.bench.endtoend.WalletFleet;
import org.credrelay.bench.env.BenchSuite;
import org.credrelay.bench.report.ScenarioResult;
import org.credrelay.bench.report.TargetCheck;
import org.credrelay.launcher.LocalSuite;
import org.credrelay.launcher.ServiceReplica;

/**
 * Issue 20 (SCALING.md): one connector and one gateway against two of each, all on the same
 * PostgreSQL and key registry. The same tenant posts credentials ({@code POST /api/v1/credentials},
 * one each) to streaming wallets for the e2e scenario's saturation length, first through the first
 * gateway to wallets on the first connector, then round robin through both gateways to wallets half
 * on each connector (every gateway feeds every wallet, so a send through one connector reaches a
 * stream held by the other). Reports the rate of each configuration, every credential lost or
 * decrypted twice (target: none), the processes' CPU per credential and the database connections of
 * each process. On a two-core machine the second pair adds no CPU: the point is that the rate holds
 * and nothing is lost or repeated.
 */
public final class ScaleOutScenario implements Scenario {

  @Override
  public ScenarioId id() {
    return ScenarioId.SCALE_OUT;
  }

  @Override
  public void run(BenchContext context, ScenarioResult result) throws Exception {
    BenchSizes sizes = context.sizes();
    BenchSuite suite = context.suite();
    GatewayApi firstGateway = new GatewayApi(suite.gatewayUri());
    String apiKey = firstGateway.createTenant(suite.adminApiKey(), "Scale-out University")[1];
    int wallets = Math.max(2, sizes.e2eWallets() / 2 * 2);
    double seconds = sizes.e2eSaturation().toMillis() / 1000.0;
    Issuing.Window window =
        new Issuing.Window(sizes.e2eInFlight(), sizes.e2eSenders(), seconds * 2 / 3, seconds);
    // The first pair has served every scenario before this one; the replicas start cold (their
    // JIT compiles the whole path during the warm-up). Three times the warm-up narrows that gap;
    // it does not close it, so the 2+2 rate is a lower bound.
    Issuing.Window replicaWindow =
        new Issuing.Window(window.inFlight(), window.senders(), seconds * 2, seconds);
    DeliveryTracker tracker = new DeliveryTracker(Issuing.capacity(replicaWindow, 2));
    Issuing.Outcome one;
    Issuing.Outcome two;
    try (WalletFleet onFirst = new WalletFleet()) {
      context.progress("scale-out: " + wallets + " wallets on the first connector ...");
      List<String> firstConnections = new ArrayList<>();
      for (int w = 0; w < wallets; w++) {
        String[] invitation = firstGateway.createInvitation(apiKey);
        onFirst.accept(suite.connectorChannel(w), invitation[1]);
        firstConnections.add(invitation[0]);
      }
      onFirst.startReceiving(tracker);

      List<Long> onePair =
          List.of(
              suite.servers().get(LocalSuite.CONNECTOR).pid(),
              suite.servers().get(LocalSuite.ISSUER_GATEWAY).pid());
      context.progress("scale-out: 1 connector + 1 gateway ...");
      one =
          new Issuing(List.of(firstGateway), apiKey, firstConnections, tracker, List.of(onFirst))
              .run(window, 0, onePair);
      report(result, "1+1", one);

      context.progress("scale-out: starting a second connector and a second gateway ...");
      try (ServiceReplica connector = suite.startReplica(LocalSuite.CONNECTOR, Map.of());
          ServiceReplica gateway = suite.startReplica(LocalSuite.ISSUER_GATEWAY, Map.of());
          WalletFleet onSecond = new WalletFleet()) {
        ManagedChannel channel = BenchSuite.channelTo(connector.grpcPort());
        try {
          GatewayApi secondGateway =
              new GatewayApi(URI.create("http://127.0.0.1:" + gateway.httpPort()));
          List<String> mixed = new ArrayList<>(firstConnections.subList(0, wallets / 2));
          for (int w = 0; w < wallets / 2; w++) {
            String[] invitation = secondGateway.createInvitation(apiKey);
            onSecond.accept(channel, invitation[1]);
            mixed.add(invitation[0]);
          }
          onSecond.startReceiving(tracker);
          List<Long> twoPairs = new ArrayList<>(onePair);
          twoPairs.addAll(List.of(connector.pid(), gateway.pid()));
          context.progress("scale-out: 2 connectors + 2 gateways, round robin ...");
          two =
              new Issuing(
                      List.of(firstGateway, secondGateway),
                      apiKey,
                      mixed,
                      tracker,
                      List.of(onFirst, onSecond))
                  .run(replicaWindow, one.end(), twoPairs);
          report(result, "2+2", two);
          result.figure("rate 2+2 / 1+1", two.rate() / one.rate(), "x");
          reportConnections(result, DatabaseConnections.byApplication(suite));
          onSecond.check();
        } finally {
          channel.shutdownNow();
        }
      }
      onFirst.check();
    }
    // Counted after both runs: a late duplicate of the first run may arrive during the second.
    int duplicated = tracker.duplicateCount();
    result.figure("duplicated (decrypted twice), both runs", duplicated, "credentials");
    result.target(
        TargetCheck.atMost(
            "lost = 0, duplicated = 0 (1+1 and 2+2)",
            one.lost() + two.lost() + duplicated,
            0,
            "credentials"));
    if (tracker.unknownCount() > 0) {
      result.note(tracker.unknownCount() + " credentials without a known sequence arrived");
    }
    result.note(
        "two cores: the second pair adds processes, not CPU; the rate should hold, not double");
  }

  private static void report(ScenarioResult result, String label, Issuing.Outcome outcome) {
    result
        .figure("sustained REST -> decrypted in wallet, " + label, outcome.rate(), "cred/s")
        .figure("posted, " + label, outcome.posted(), "credentials")
        .figure("lost, " + label, outcome.lost(), "credentials")
        .figure(
            "connector + gateway JVMs CPU per credential, " + label,
            outcome.cpuMillisPerCredential(),
            "ms");
  }

  private static void reportConnections(ScenarioResult result, Map<String, Integer> connections) {
    StringBuilder all = new StringBuilder("database connections by application_name (2+2):");
    connections.forEach(
        (name, count) -> {
          result.figure("database connections: " + name, count, "connections");
          all.append(String.format(Locale.ROOT, " %s=%d", name, count));
        });
    result.note(all.toString());
  }
}
