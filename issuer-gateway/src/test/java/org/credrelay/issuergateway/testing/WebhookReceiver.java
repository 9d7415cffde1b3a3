package org.credrelay.issuergateway.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real local HTTP receiver of webhook requests (JDK HttpServer on a random loopback port): it
 * records every request it accepts and answers with the status the test sets (200 by default; a 5xx
 * plays a receiver that is down).
 */
public final class WebhookReceiver implements AutoCloseable {

  /** One request as received: the three Standard Webhooks headers and the raw body. */
  public record Received(String id, String timestamp, String signature, String body) {}

  private final HttpServer server;
  private final List<Received> accepted = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile int refused;

  public WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/hooks",
        exchange -> {
          byte[] body;
          try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
          }
          int answer = status;
          if (answer >= 200 && answer < 300) {
            accepted.add(
                new Received(
                    exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"),
                    new String(body, StandardCharsets.UTF_8)));
          } else {
            refused++;
          }
          exchange.sendResponseHeaders(answer, -1);
          exchange.close();
        });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
  }

  /** The status of every following answer. */
  public void answer(int status) {
    this.status = status;
  }

  /** Requests answered with 2xx, in arrival order. */
  public List<Received> accepted() {
    return List.copyOf(accepted);
  }

  /** Requests answered with another status. */
  public int refused() {
    return refused;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
