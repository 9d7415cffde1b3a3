package org.credrelay.e2etests;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A portal's webhook endpoint: a real HTTP server on a fixed loopback port that verifies every
 * request's Standard Webhooks signature with the endpoint's secret (as a portal must) and records
 * the events it accepted, in arrival order. It can be down in both ways a portal is: answering 503,
 * or not listening at all (connection refused), and come back on the same port.
 */
final class WebhookReceiver implements AutoCloseable {

  /** One accepted request: its {@code webhook-id}, the event and whether its signature verified. */
  record Event(String webhookId, String type, JsonNode data, boolean signatureValid) {

    String deliveryId() {
      return data.path("deliveryId").asString(null);
    }

    String connectionId() {
      return data.path("connectionId").asString(null);
    }
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final int port;
  private final List<Event> accepted = new CopyOnWriteArrayList<>();
  private volatile String endpointId;
  private volatile byte[] key;
  private volatile int status = 200;
  private volatile int refused;
  private HttpServer server;

  WebhookReceiver() {
    server = listen(0);
    port = server.getAddress().getPort();
  }

  String url() {
    return "http://127.0.0.1:" + port + "/hooks";
  }

  /** The endpoint's id and secret (as the gateway showed it once: {@code whsec_<base64>}). */
  void registered(String endpointId, String secret) {
    this.endpointId = endpointId;
    key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
  }

  /** The gateway's id of the endpoint this receiver serves. */
  String endpointId() {
    return endpointId;
  }

  /** Answers every following request with {@code status} (200 = up, 503 = overloaded). */
  void answer(int status) {
    this.status = status;
  }

  /** Stops listening: requests meet a refused connection. */
  synchronized void stop() {
    server.stop(0);
  }

  /** Listens again on the same port. */
  synchronized void start() {
    server = listen(port);
  }

  /** Requests accepted (answered 2xx), in arrival order. */
  List<Event> events() {
    return List.copyOf(accepted);
  }

  /** Requests answered with another status. */
  int refused() {
    return refused;
  }

  @Override
  public synchronized void close() {
    server.stop(0);
  }

  private HttpServer listen(int onPort) {
    try {
      HttpServer http =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
      http.createContext(
          "/hooks",
          exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
              body = in.readAllBytes();
            }
            int answer = status;
            if (answer >= 200 && answer < 300) {
              var headers = exchange.getRequestHeaders();
              String id = headers.getFirst("webhook-id");
              boolean valid =
                  verifies(
                      id,
                      headers.getFirst("webhook-timestamp"),
                      headers.getFirst("webhook-signature"),
                      body);
              JsonNode event = JSON.readTree(body);
              accepted.add(new Event(id, event.get("type").asString(), event.get("data"), valid));
            } else {
              refused++;
            }
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
          });
      http.start();
      return http;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Standard Webhooks: any {@code v1,} entry equals HMAC-SHA256(key, id.timestamp.body). */
  private boolean verifies(String id, String timestamp, String header, byte[] body) {
    if (key == null || id == null || timestamp == null || header == null) {
      return false;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      byte[] expected = mac.doFinal(body);
      for (String entry : header.split(" ")) {
        if (entry.startsWith("v1,")
            && MessageDigest.isEqual(
                expected, Base64.getDecoder().decode(entry.substring("v1,".length())))) {
          return true;
        }
      }
      return false;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }
}
