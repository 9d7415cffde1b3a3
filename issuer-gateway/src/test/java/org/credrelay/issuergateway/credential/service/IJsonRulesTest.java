package org.credrelay.issuergateway.credential.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one-pass reading of a credential ({@link IJsonRules#read}) gives the tree that a separate
 * parse gave before (same canonical digest, so the same request hash), and the same violations at
 * the same byte offsets, also when the document is read inside a larger request body.
 */
class IJsonRulesTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final IJsonRules rules = new IJsonRules(json);

  @Test
  void tree_hasTheCanonicalDigestOfASeparateParse() {
    for (String document :
        List.of(
            "{\"b\":[1,2.5,-0,1e2,true,false,null,\"x\\u00e9\"],\"a\":{\"z\":{},\"y\":[]}}",
            "{\"n\":100000000000000000000,\"m\":0.1,\"s\":\"\\ud83d\\ude00\"}",
            "[{\"k\":\"v\"}]",
            "\"scalar\"",
            "42")) {
      byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
      ParsedJson parsed = rules.parse(bytes);
      assertThat(parsed.violation()).as(document).isNull();
      assertThat(CanonicalJsonDigest.of(parsed.tree()))
          .as(document)
          .isEqualTo(CanonicalJsonDigest.of(json, bytes));
    }
  }

  @Test
  void violations_nameTheProblem_atItsByteOffsetInTheDocument() {
    assertThat(rules.parse(utf8("{\"a\":1,\"a\":2}")).violation())
        .isEqualTo("duplicate member name \"a\" at byte 7");
    assertThat(rules.parse(utf8("{\"a\":\"\\ud800\"}")).violation())
        .isEqualTo("string with a lone surrogate U+D800 at byte 5");
    assertThat(rules.parse(utf8("{\"a\":9007199254740993}")).violation())
        .isEqualTo("number 9007199254740993 has more precision than a double at byte 5");
    assertThat(rules.parse(utf8("{\"a\":")).violation()).startsWith("not well-formed JSON");
  }

  @Test
  void read_insideARequestBody_countsOffsetsFromTheDocument_andStopsOnItsLastToken() {
    byte[] body = utf8("{\"credential\":{\"x\":[1],\"x\":2},\"after\":true}");
    try (JsonParser parser = json.createParser(body)) {
      parser.nextToken(); // {
      parser.nextToken(); // "credential"
      parser.nextToken(); // the document's {
      long start = parser.currentTokenLocation().getByteOffset();

      ParsedJson parsed = rules.read(parser, start);

      assertThat(parsed.violation()).isEqualTo("duplicate member name \"x\" at byte 9");
      assertThat(parser.currentToken()).hasToString("END_OBJECT");
      parser.nextToken();
      assertThat(parser.currentName()).isEqualTo("after");
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
