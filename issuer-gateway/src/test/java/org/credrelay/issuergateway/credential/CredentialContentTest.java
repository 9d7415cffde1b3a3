package org.credrelay.issuergateway.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.credrelay.issuergateway.testing.TestHolder;
import org.credrelay.proto.messages.v1.CredentialMessage;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13 item 2: the holder receives exactly the bytes the issuer sent (checked in the plaintext
 * the holder decrypts), and documents that are not I-JSON are refused with a reason, never
 * rewritten.
 */
class CredentialContentTest extends GatewayIntegrationTest {

  private static final String HEAD =
      "{\"type\":[\"VerifiableCredential\"],\"credentialSubject\":{\"v\":";

  @Test
  void documentsThatAreNotIJson_areRefusedWithTheReason() throws Exception {
    TestTenant tenant = createTenant("Strict Content Co");
    UUID connection = createInvitation(tenant).id();
    Map<String, byte[]> cases = new LinkedHashMap<>();
    cases.put("outside the range of a double", withValue("1E400"));
    cases.put("too close to zero", withValue("1.0e-400"));
    cases.put("more precision than a double", withValue("3.141592653589793238462643383279"));
    cases.put("more precision than a double ", withValue("9007199254740993"));
    cases.put("lone surrogate U+D800", withValue("\"\\ud800\""));
    cases.put("lone surrogate U+DC00", withValue("\"a\\udc00b\""));
    cases.put(
        "not valid UTF-8",
        concat(
            HEAD.getBytes(StandardCharsets.UTF_8),
            new byte[] {'"', (byte) 0xC0, (byte) 0x80, '"', '}', '}'}));
    cases.put(
        "not valid UTF-8 ",
        concat(
            HEAD.getBytes(StandardCharsets.UTF_8),
            new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}', '}'}));
    cases.put("uplicate", withValue("1,\"v\":2"));
    for (var entry : cases.entrySet()) {
      MvcResult result = issue(tenant, body(connection, entry.getValue()));
      assertThat(result.getResponse().getStatus()).as(entry.getKey()).isEqualTo(400);
      assertThat(result.getResponse().getContentType()).isEqualTo("application/problem+json");
      assertThat(
              json.readTree(result.getResponse().getContentAsByteArray())
                  .get("detail")
                  .stringValue())
          .as(entry.getKey())
          .contains(entry.getKey().strip());
    }
    assertThat(
            jdbc.sql("SELECT count(*) FROM deliveries WHERE tenant_id = ?")
                .param(tenant.id())
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void numbersAndEscapesThatParsersWouldRewrite_arriveAsSent() throws Exception {
    TestTenant tenant = createTenant("Exact Content Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID connection = gatewayConnectionId(tenant, holder);
    List<byte[]> sent = new ArrayList<>();
    for (String value :
        List.of(
            "1e2",
            "-0",
            "-0.0",
            "1E+2",
            "0.1",
            "2.5E-308",
            "1.7976931348623157e308",
            "12345678901234500000000",
            "\"\\u00e9\\/\\ud83d\\ude00\"",
            "\"é😀\"",
            "[ 1 ,\n\t2 ]")) {
      byte[] document = withValue(value);
      sent.add(document);
      assertThat(issue(tenant, body(connection, document)).getResponse().getStatus())
          .as(value)
          .isEqualTo(202);
    }
    drainOutbox();
    assertThat(received(holder)).containsExactlyInAnyOrderElementsOf(texts(sent));
  }

  /**
   * Random I-JSON documents (nesting, white space, escapes, supplementary characters, number
   * spellings) arrive byte for byte. The seed is fixed and named in the failure message; set {@code
   * -Dcontent.seed=N} to replay or explore another one.
   */
  @Test
  void randomValidDocuments_arriveByteIdentical() throws Exception {
    long seed = Long.getLong("content.seed", 20261202L);
    Random random = new Random(seed);
    TestTenant tenant = createTenant("Random Content Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID connection = gatewayConnectionId(tenant, holder);
    List<byte[]> sent = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      RandomJson generator = new RandomJson(random);
      byte[] document =
          ("{"
                  + generator.ws()
                  + "\"type\""
                  + generator.ws()
                  + ":[\"VerifiableCredential\"],"
                  + "\"credentialSubject\":"
                  + generator.object(4)
                  + "}")
              .getBytes(StandardCharsets.UTF_8);
      sent.add(document);
      MvcResult result = issue(tenant, body(connection, document));
      assertThat(result.getResponse().getStatus())
          .as(
              "seed %d, document %d: %s -> %s",
              seed,
              i,
              new String(document, StandardCharsets.UTF_8),
              result.getResponse().getContentAsString())
          .isEqualTo(202);
    }
    drainOutbox();
    assertThat(received(holder))
        .as("seed %d", seed)
        .containsExactlyInAnyOrderElementsOf(texts(sent));
  }

  /**
   * Item 5: under one Idempotency-Key, a retry whose JSON is the same value (members in another
   * order, other white space and escapes, another spelling of a number) is the same request (RFC
   * 8785 canonical form); the holder keeps the bytes of the first request. Another value is 422.
   */
  @Test
  void retryWithTheSameJsonValueInAnotherSpelling_isTheSameRequest() throws Exception {
    TestTenant tenant = createTenant("Canonical Retry Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID connection = gatewayConnectionId(tenant, holder);
    byte[] first =
        "{\"type\":[\"VerifiableCredential\"],\"credentialSubject\":{\"n\":1e2,\"s\":\"\u00e9\"}}"
            .getBytes(StandardCharsets.UTF_8);
    byte[] reordered =
        "{ \"credentialSubject\" : {\"s\":\"é\",\"n\":100.0} ,\"type\":[\"VerifiableCredential\"]}"
            .getBytes(StandardCharsets.UTF_8);
    byte[] other =
        "{\"type\":[\"VerifiableCredential\"],\"credentialSubject\":{\"n\":101,\"s\":\"é\"}}"
            .getBytes(StandardCharsets.UTF_8);
    String bodyFirst = new String(body(connection, first), StandardCharsets.UTF_8);
    String bodyReordered =
        "{\"credential\":"
            + new String(reordered, StandardCharsets.UTF_8)
            + ",\"connectionId\":\""
            + connection
            + "\"}";

    JsonNode accepted =
        call(issue(tenant, "same-value", bodyFirst.getBytes(StandardCharsets.UTF_8)), 202);
    JsonNode replayed =
        call(issue(tenant, "same-value", bodyReordered.getBytes(StandardCharsets.UTF_8)), 200);
    assertThat(replayed.get("deliveryId")).isEqualTo(accepted.get("deliveryId"));
    assertThat(
            call(issue(tenant, "same-value", body(connection, other)), 422)
                .get("code")
                .stringValue())
        .isEqualTo("IDEMPOTENCY_KEY_REUSED");

    drainOutbox();
    assertThat(received(holder)).containsExactlyElementsOf(texts(List.of(first)));
  }

  private static List<String> texts(List<byte[]> documents) {
    // ISO-8859-1 maps each byte to one char: equal strings mean equal bytes.
    return documents.stream().map(bytes -> new String(bytes, StandardCharsets.ISO_8859_1)).toList();
  }

  private static List<String> received(TestHolder holder) throws Exception {
    return holder.credentials().stream()
        .map(CredentialMessage::getDocument)
        .map(document -> new String(document.toByteArray(), StandardCharsets.ISO_8859_1))
        .toList();
  }

  private MvcResult issue(TestTenant tenant, byte[] body) throws Exception {
    return issue(tenant, UUID.randomUUID().toString(), body);
  }

  private MvcResult issue(TestTenant tenant, String idempotencyKey, byte[] body) throws Exception {
    return mvc.perform(
            post("/api/v1/credentials")
                .header(API_KEY, tenant.apiKey())
                .header("Idempotency-Key", idempotencyKey)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body))
        .andReturn();
  }

  private static byte[] withValue(String value) {
    return (HEAD + value + "}}").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] body(UUID connection, byte[] credential) {
    return concat(
        ("{\"connectionId\":\"" + connection + "\",\"credential\":")
            .getBytes(StandardCharsets.UTF_8),
        credential,
        new byte[] {'}'});
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** Generates valid I-JSON text in many spellings. */
  private static final class RandomJson {
    private static final String[] NUMBERS = {
      "0",
      "-0",
      "1",
      "-17",
      "1e2",
      "1E+2",
      "2.50",
      "0.1",
      "-3.25e-7",
      "6.02214076e23",
      "1.7976931348623157e308",
      "2.2250738585072014E-308",
      "123456789012345",
      "0.000001",
      "9007199254740992"
    };
    private static final String[] CHARS = {
      "a",
      "Z",
      " ",
      "é",
      "ß",
      "€",
      "😀",
      "𝄞",
      "\\n",
      "\\t",
      "\\\"",
      "\\\\",
      "\\/",
      "\\u0000",
      "\\u00e9",
      "\\uD83D\\uDE00",
      "\\ud834\\udd1e",
      "\\u001f",
      "\\b",
      "\\f",
      "\\r",
      "<",
      "'"
    };
    private final Random random;
    private int names;

    RandomJson(Random random) {
      this.random = random;
    }

    String ws() {
      return switch (random.nextInt(6)) {
        case 0 -> " ";
        case 1 -> "\n  ";
        case 2 -> "\t";
        case 3 -> "\r\n";
        default -> "";
      };
    }

    String object(int depth) {
      StringBuilder out = new StringBuilder("{").append(ws());
      int members = random.nextInt(5);
      for (int i = 0; i < members; i++) {
        out.append(i == 0 ? "" : "," + ws())
            .append("\"m")
            .append(names++)
            .append(string())
            .append('"')
            .append(ws())
            .append(':')
            .append(ws())
            .append(value(depth - 1));
      }
      return out.append(ws()).append('}').toString();
    }

    String value(int depth) {
      int kind = random.nextInt(depth > 0 ? 8 : 6);
      return switch (kind) {
        case 0 -> "true";
        case 1 -> "null";
        case 2, 3 -> NUMBERS[random.nextInt(NUMBERS.length)];
        case 4, 5 -> "\"" + string() + "\"";
        case 6 -> object(depth);
        default -> {
          StringBuilder array = new StringBuilder("[").append(ws());
          int n = random.nextInt(4);
          for (int i = 0; i < n; i++) {
            array.append(i == 0 ? "" : "," + ws()).append(value(depth - 1));
          }
          yield array.append(ws()).append(']').toString();
        }
      };
    }

    String string() {
      StringBuilder out = new StringBuilder();
      int n = random.nextInt(8);
      for (int i = 0; i < n; i++) {
        out.append(CHARS[random.nextInt(CHARS.length)]);
      }
      return out.toString();
    }
  }
}
