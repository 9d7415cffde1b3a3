package org.credrelay.issuergateway.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A real local HTTP server serving {@link TestJwts#trustedJwkSet()} as an identity provider's JWK
 * set, so the gateway fetches its keys the way it does in production ({@code jwk-set-uri}). Started
 * once per JVM on a free port of 127.0.0.1.
 */
public final class LocalJwkSetServer {

  private static final String PATH = "/realms/test/protocol/openid-connect/certs";
  private static volatile String uri;

  private LocalJwkSetServer() {}

  /** The JWK set's URI; starts the server on first use. */
  public static synchronized String uri() {
    if (uri == null) {
      try {
        HttpServer server =
            HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = TestJwts.trustedJwkSet().getBytes(StandardCharsets.UTF_8);
        server.createContext(
            PATH,
            exchange -> {
              exchange.getResponseHeaders().set("Content-Type", "application/json");
              exchange.sendResponseHeaders(200, body.length);
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
              }
            });
        server.start();
        uri = "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return uri;
  }
}
