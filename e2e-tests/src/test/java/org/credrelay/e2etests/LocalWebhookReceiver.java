package org.credrelay.e2etests;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
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

/**
 * A tenant's webhook endpoint for tests through the real services: a real local HTTP server (JDK
 * HttpServer on a random loopback port) that records every request with its Standard Webhooks
 * headers and answers 200, and checks signatures with its own HMAC-SHA256 (independent of the
 * gateway's signer).
 */
final class LocalWebhookReceiver implements AutoCloseable {

  /** One request as received: the three Standard Webhooks headers and the raw body. */
  record Received(String id, String timestamp, String signature, String body) {

    /** True if one of the {@code v1,} signatures is the HMAC of {@code id.timestamp.body}. */
    boolean signedWith(String secret) throws GeneralSecurityException {
      if (!secret.startsWith("whsec_")) {
        return false;
      }
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
      byte[] expected =
          mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      for (String candidate : signature.split(" ")) {
        if (candidate.startsWith("v1,")
            && MessageDigest.isEqual(
                expected, Base64.getDecoder().decode(candidate.substring(3)))) {
          return true;
        }
      }
      return false;
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();

  LocalWebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/hooks",
        exchange -> {
          byte[] body;
          try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
          }
          received.add(
              new Received(
                  exchange.getRequestHeaders().getFirst("webhook-id"),
                  exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                  exchange.getRequestHeaders().getFirst("webhook-signature"),
                  new String(body, StandardCharsets.UTF_8)));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
  }

  /** Every request so far, in arrival order. */
  List<Received> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
