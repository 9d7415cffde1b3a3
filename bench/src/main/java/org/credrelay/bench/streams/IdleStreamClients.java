package org.credrelay.bench.streams;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.credrelay.bench.env.Parties;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc;
import org.credrelay.proto.connector.v1.GetMessageStreamRequest;
import org.credrelay.proto.connector.v1.GetMessageStreamResponse;

/**
 * The client side of the idle-stream scenario, run in its own JVM so that the suite's heap holds
 * only the server side: opens one signed GetMessageStream per holder key (one private JWK per line
 * of the keys file) over a few shared Netty channels, reports "OPENED n" on stdout, keeps the
 * streams open until stdin closes or says "stop", then cancels them.
 *
 * <p>{@code java ... org.credrelay.bench.BenchMain stream-clients <host:port> <keys file>
 * <channels>}
 */
public final class IdleStreamClients {

  public static final String COMMAND = "stream-clients";

  private IdleStreamClients() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: " + COMMAND + " <host:port> <keys file> <channels>");
      System.exit(2);
    }
    String[] hostPort = args[0].split(":");
    List<String> keys = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8);
    int channelCount = Integer.parseInt(args[2]);
    List<ManagedChannel> channels = new ArrayList<>();
    for (int i = 0; i < channelCount; i++) {
      channels.add(
          NettyChannelBuilder.forAddress(hostPort[0], Integer.parseInt(hostPort[1]))
              .usePlaintext()
              .build());
    }
    AtomicInteger errors = new AtomicInteger();
    AtomicInteger events = new AtomicInteger();
    List<ClientCallStreamObserver<GetMessageStreamRequest>> calls = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      KeyPairJwk key = KeyPairJwk.parse(keys.get(i), KeyUse.AUTHENTICATION);
      ConnectorServiceGrpc.newStub(channels.get(i % channelCount))
          .withInterceptors(Parties.signing(key, null))
          .getMessageStream(
              GetMessageStreamRequest.getDefaultInstance(),
              new ClientResponseObserver<GetMessageStreamRequest, GetMessageStreamResponse>() {
                @Override
                public void beforeStart(ClientCallStreamObserver<GetMessageStreamRequest> call) {
                  synchronized (calls) {
                    calls.add(call);
                  }
                }

                @Override
                public void onNext(GetMessageStreamResponse value) {
                  events.incrementAndGet();
                }

                @Override
                public void onError(Throwable t) {
                  if (errors.incrementAndGet() <= 5
                      && Status.fromThrowable(t).getCode() != Status.Code.CANCELLED) {
                    System.err.println("stream failed: " + Status.fromThrowable(t));
                  }
                }

                @Override
                public void onCompleted() {
                  errors.incrementAndGet();
                }
              });
    }
    System.out.println("OPENED " + keys.size());
    System.out.flush();
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null && !line.trim().equals("stop")) {
        if (line.trim().equals("status")) {
          System.out.println("STATUS events=" + events.get() + " ended=" + errors.get());
          System.out.flush();
        }
      }
    }
    synchronized (calls) {
      calls.forEach(call -> call.cancel("benchmark done", null));
    }
    for (ManagedChannel channel : channels) {
      channel.shutdown().awaitTermination(10, TimeUnit.SECONDS);
    }
    System.out.println("CLOSED events=" + events.get() + " ended=" + errors.get());
    System.out.flush();
  }
}
