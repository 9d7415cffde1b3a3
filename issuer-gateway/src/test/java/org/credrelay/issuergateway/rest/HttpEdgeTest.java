package org.credrelay.issuergateway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.credrelay.issuergateway.testing.GatewayTestConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13 item 5, over a real Tomcat port with raw sockets (a client library would normalise or
 * refuse these requests): bad headers and paths are refused as problem+json with 400, 431 or 404,
 * whether Tomcat, Spring Security's firewall or the application refuses them.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = GatewayTestConfiguration.SERVER_PROPERTY + "=http-edge-test")
class HttpEdgeTest extends GatewayIntegrationTest {

  @LocalServerPort int port;
  private TestTenant tenant;

  /** An HTTP response as read from the socket. */
  record RawResponse(int status, Map<String, String> headers, String body) {}

  @BeforeEach
  void tenant() throws Exception {
    tenant = createTenant("Edge Co " + UUID.randomUUID());
  }

  @Test
  void idempotencyKeyWithBytes0x80To0x9F_is400Problem() throws Exception {
    byte[] key = {'k', (byte) 0x85, 'y'};
    assertProblem(send(post("/api/v1/credentials", key)), 400, "INVALID_REQUEST");
  }

  @Test
  void headersOver8KiB_are431Problem() throws Exception {
    String pad = "X-Padding: " + "a".repeat(9 * 1024) + "\r\n";
    assertProblem(send(request("GET /api/v1/connections", pad)), 431, "REQUEST_HEADERS_TOO_LARGE");
  }

  @Test
  void controlCharacterInAHeader_is400Problem() throws Exception {
    assertProblem(
        send(request("GET /api/v1/connections", "X-Note: a\u0001b\r\n")), 400, "INVALID_REQUEST");
  }

  @Test
  void undecodableOrEncodedSlashInThePath_is400Problem() throws Exception {
    assertProblem(send(request("GET /api/v1/connections/%ff", "")), 400, "INVALID_REQUEST");
    assertProblem(send(request("GET /api/v1/connections/a%2fb", "")), 400, "INVALID_REQUEST");
  }

  @Test
  void semicolonOrDoubleSlashInThePath_withAValidKey_is400Problem_not401() throws Exception {
    assertProblem(
        send(request("GET /api/v1/connections;jsessionid=1", "")), 400, "INVALID_REQUEST");
    assertProblem(send(request("GET /api/v1//connections", "")), 400, "INVALID_REQUEST");
  }

  @Test
  void unknownPath_is404Problem() throws Exception {
    assertProblem(send(request("GET /api/v1/nothing-here", "")), 404, "NOT_FOUND");
  }

  @Test
  void twoIdempotencyKeyHeaders_are400Problem() throws Exception {
    String body =
        "{\"connectionId\":\""
            + UUID.randomUUID()
            + "\",\"credential\":"
            + credential("Twice")
            + "}";
    RawResponse response =
        send(
            request(
                "POST /api/v1/credentials",
                "Idempotency-Key: one\r\nIdempotency-Key: two\r\nContent-Type: application/json\r\n"
                    + "Content-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length
                    + "\r\n",
                body));
    assertProblem(response, 400, "INVALID_REQUEST");
    assertThat(response.body()).contains("exactly one Idempotency-Key");
  }

  private void assertProblem(RawResponse response, int status, String code) {
    assertThat(response.status()).as("%s", response).isEqualTo(status);
    assertThat(response.headers().get("content-type"))
        .as("%s", response)
        .startsWith("application/problem+json");
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.get("code").stringValue()).isEqualTo(code);
    assertThat(problem.get("status").intValue()).isEqualTo(status);
    // The members every service's problems have (rest-support's ProblemDocument), whichever
    // component wrote it: Tomcat's valve, the firewall handler or the advice.
    assertThat(problem.get("type").stringValue())
        .isEqualTo("urn:credrelay:problem:" + code.toLowerCase(Locale.ROOT).replace('_', '-'));
    assertThat(problem.get("title").stringValue()).isEqualTo(code);
    assertThat(response.body()).doesNotContain("<html", "Exception", "Tomcat");
  }

  private byte[] post(String path, byte[] idempotencyKey) {
    String body = "{}";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        ("POST "
                + path
                + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "X-Api-Key: "
                + tenant.apiKey()
                + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: "
                + body.length()
                + "\r\nIdempotency-Key: ")
            .getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(idempotencyKey);
    out.writeBytes(("\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
    return out.toByteArray();
  }

  private byte[] request(String requestLine, String extraHeaders) {
    return request(requestLine, extraHeaders, "");
  }

  private byte[] request(String requestLine, String extraHeaders, String body) {
    return (requestLine
            + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nX-Api-Key: "
            + tenant.apiKey()
            + "\r\n"
            + extraHeaders
            + "\r\n"
            + body)
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  private RawResponse send(byte[] request) throws Exception {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = socket.getInputStream();
      String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int end = raw.indexOf("\r\n\r\n");
      String[] lines = raw.substring(0, end).split("\r\n");
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(
            lines[i].substring(0, colon).toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).strip());
      }
      String body = raw.substring(end + 4);
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        body = dechunk(body);
      }
      return new RawResponse(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
    }
  }

  private static String dechunk(String chunked) {
    StringBuilder body = new StringBuilder();
    int at = 0;
    while (true) {
      int lineEnd = chunked.indexOf("\r\n", at);
      int size = Integer.parseInt(chunked.substring(at, lineEnd).strip(), 16);
      if (size == 0) {
        return body.toString();
      }
      body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
  }
}
