package org.credrelay.connector.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real HTTP push relay for tests (the JDK's {@link HttpServer} on a random local port): records
 * every POST with its headers and raw body, answers with scripted statuses per device token
 * (default 200), and verifies Standard Webhooks signatures independently of the connector's code.
 */
public final class PushRelayReceiver {

  private static PushRelayReceiver shared;

  /** One received request: lower-case header names, the raw body. */
  public record Delivery(Map<String, String> headers, byte[] body, int answeredWith) {
    public String body(java.nio.charset.Charset charset) {
      return new String(body, charset);
    }

    public String header(String name) {
      return headers.get(name);
    }
  }

  private final HttpServer server;
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private final Map<String, ConcurrentLinkedQueue<Integer>> scripted = new ConcurrentHashMap<>();

  /**
   * The one receiver of the test JVM (its server thread is a daemon-free JDK server, stopped at
   * exit).
   */
  public static synchronized PushRelayReceiver shared() {
    if (shared == null) {
      shared = new PushRelayReceiver();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> shared.server.stop(0)));
    }
    return shared;
  }

  private PushRelayReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/wake", this::handle);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/wake";
  }

  /** The next requests whose body contains {@code token} are answered with these statuses. */
  public void answer(String token, int... statuses) {
    ConcurrentLinkedQueue<Integer> queue = new ConcurrentLinkedQueue<>();
    for (int status : statuses) {
      queue.add(status);
    }
    scripted.put(token, queue);
  }

  /** Every request whose raw body contains {@code text}, in arrival order. */
  public List<Delivery> deliveriesContaining(String text) {
    Predicate<Delivery> matches = d -> new String(d.body(), StandardCharsets.UTF_8).contains(text);
    return new ArrayList<>(deliveries.stream().filter(matches).toList());
  }

  /** Recomputes the Standard Webhooks signature with {@code secret} and compares. */
  public static boolean signatureVerifies(Delivery delivery, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(
          new SecretKeySpec(
              Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
      byte[] signed =
          (delivery.header("webhook-id") + "." + delivery.header("webhook-timestamp") + ".")
              .getBytes(StandardCharsets.UTF_8);
      mac.update(signed);
      byte[] expected = mac.doFinal(delivery.body());
      for (String entry : delivery.header("webhook-signature").split(" ")) {
        if (entry.startsWith("v1,")
            && MessageDigest.isEqual(expected, Base64.getDecoder().decode(entry.substring(3)))) {
          return true;
        }
      }
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    Map<String, String> headers = new TreeMap<>();
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
    String text = new String(body, StandardCharsets.UTF_8);
    int status = 200;
    for (Map.Entry<String, ConcurrentLinkedQueue<Integer>> script : scripted.entrySet()) {
      if (text.contains(script.getKey())) {
        Integer next = script.getValue().poll();
        status = next != null ? next : 200;
      }
    }
    deliveries.add(new Delivery(headers, body, status));
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }
}
