package org.credrelay.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The .proto files are the public contract for wallets in any language, so every service, rpc,
 * message, enum, enum value, field and oneof must be documented by a {@code //} comment on the
 * line(s) directly above its declaration: no blank line, code or trailing comment in between, and a
 * comment at the end of the declaration's own line does not count.
 *
 * <p>The files are read from {@code src/main/proto} (relative to the module directory, where Maven
 * runs the tests) and parsed with a small tokenizer that knows the proto3 grammar of declarations.
 * So that the check cannot pass by overlooking a declaration, the declarations found are compared
 * with the descriptors protoc generated from the same files.
 */
class ContractCommentsTest {

  private static final Path PROTO_ROOT = Path.of("src/main/proto");

  @TestFactory
  Stream<DynamicTest> everyDeclaration_hasACommentDirectlyAbove() throws IOException {
    List<Path> files = protoFiles();
    assertThat(files).as(".proto files under %s", PROTO_ROOT.toAbsolutePath()).isNotEmpty();
    return files.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    name(file),
                    () -> {
                      ProtoFile parsed = ProtoFile.parse(name(file), read(file));
                      assertThat(parsed.declarations())
                          .as("declarations in %s", name(file))
                          .isNotEmpty();
                      assertThat(parsed.violations())
                          .as("declarations of %s without a // comment directly above", name(file))
                          .isEmpty();
                    }));
  }

  @TestFactory
  Stream<DynamicTest> parser_findsExactlyTheDeclarationsProtocCompiled() throws IOException {
    return protoFiles().stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    name(file),
                    () -> {
                      ProtoFile parsed = ProtoFile.parse(name(file), read(file));
                      FileDescriptor descriptor = parsed.generatedDescriptor();
                      assertThat(descriptor.getName()).isEqualTo(name(file));
                      Set<String> found =
                          parsed.declarations().stream()
                              .map(Declaration::id)
                              .collect(Collectors.toCollection(TreeSet::new));
                      assertThat(found)
                          .as("declarations parsed from %s", name(file))
                          .isEqualTo(declarationsOf(descriptor));
                    }));
  }

  // ---- the checker checks itself on a snippet that uses every kind of declaration ----

  private static final String SAMPLE =
      """
      // File header.
      syntax = "proto3";

      package sample.v1;

      import "google/protobuf/timestamp.proto";

      option java_package = "org.sample.v1";

      // The service.
      service Sample {
        option deprecated = false;
        // A unary rpc.
        rpc Get(GetRequest) returns (GetResponse);
        // A streaming rpc declared over two lines, with an options body.
        rpc Watch(GetRequest)
            returns (stream GetResponse) {
          option deprecated = false;
        }
      }

      // The request.
      // A comment block of several lines counts.
      message GetRequest {
        reserved 9;
        option deprecated = false;
        // A nested message.
        message Inner {
          // A field of the nested message.
          .google.protobuf.Timestamp at = 1;
        }
        // A nested enum.
        enum Mode {
          option allow_alias = true;
          // First value.
          MODE_UNSPECIFIED = 0;
          // A negative value with options.
          MODE_ODD = -1 [deprecated = true];
        }
        // A scalar field.
        string id = 1;
        // A repeated field.
        repeated Inner inners = 2;
        // A map field.
        map<string, int64> counts = 3;
        // A proto3 optional field.
        optional int32 limit = 4 [deprecated = true];
        // A oneof.
        oneof choice {
          // A oneof member.
          Mode mode = 5;
          // Another oneof member.
          string text = 6;
        }
      }

      // The response.
      message GetResponse {
      }

      // A top-level enum.
      enum Colour {
        // First value.
        COLOUR_UNSPECIFIED = 0;
      }
      """;

  @Test
  void sample_fullyCommented_hasNoViolations() {
    ProtoFile sample = ProtoFile.parse("sample.proto", SAMPLE);
    assertThat(sample.violations()).isEmpty();
    assertThat(sample.declarations())
        .extracting(Declaration::id)
        .containsExactly(
            "SERVICE sample.v1.Sample",
            "RPC sample.v1.Sample.Get",
            "RPC sample.v1.Sample.Watch",
            "MESSAGE sample.v1.GetRequest",
            "MESSAGE sample.v1.GetRequest.Inner",
            "FIELD sample.v1.GetRequest.Inner.at",
            "ENUM sample.v1.GetRequest.Mode",
            "ENUM_VALUE sample.v1.GetRequest.Mode.MODE_UNSPECIFIED",
            "ENUM_VALUE sample.v1.GetRequest.Mode.MODE_ODD",
            "FIELD sample.v1.GetRequest.id",
            "FIELD sample.v1.GetRequest.inners",
            "FIELD sample.v1.GetRequest.counts",
            "FIELD sample.v1.GetRequest.limit",
            "ONEOF sample.v1.GetRequest.choice",
            "FIELD sample.v1.GetRequest.mode",
            "FIELD sample.v1.GetRequest.text",
            "MESSAGE sample.v1.GetResponse",
            "ENUM sample.v1.Colour",
            "ENUM_VALUE sample.v1.Colour.COLOUR_UNSPECIFIED");
  }

  @TestFactory
  Stream<DynamicTest> sample_withAnyOneCommentRemoved_reportsExactlyThatDeclaration() {
    List<Declaration> declarations = ProtoFile.parse("sample.proto", SAMPLE).declarations();
    String[] lines = SAMPLE.split("\n", -1);
    return declarations.stream()
        .map(
            declaration ->
                DynamicTest.dynamicTest(
                    declaration.id(),
                    () -> {
                      // Remove the whole comment block directly above the declaration.
                      int first = declaration.line() - 1;
                      while (first > 1 && lines[first - 2].strip().startsWith("//")) {
                        first--;
                      }
                      List<String> mutated = new ArrayList<>();
                      for (int i = 1; i <= lines.length; i++) {
                        if (i < first || i >= declaration.line()) {
                          mutated.add(lines[i - 1]);
                        }
                      }
                      List<String> violations =
                          ProtoFile.parse("sample.proto", String.join("\n", mutated)).violations();
                      assertThat(violations).hasSize(1);
                      assertThat(violations.get(0))
                          .contains(declaration.kind().label + " " + declaration.name());
                    }));
  }

  @Test
  void blankLineBetweenCommentAndDeclaration_isAViolation() {
    assertThat(
            ProtoFile.parse(
                    "t.proto",
                    """
        syntax = "proto3";
        package t;
        // Documented.
        message M {
          // Separated from its field by a blank line.

          string id = 1;
        }
        """)
                .violations())
        .containsExactly("t.proto:7: field t.M.id has no // comment directly above");
  }

  @Test
  void trailingCommentOnTheDeclarationOrThePreviousLine_doesNotCount() {
    assertThat(
            ProtoFile.parse(
                    "t.proto",
                    """
        syntax = "proto3";
        package t;
        // Documented.
        message M {
          string id = 1; // trailing comment of id
          string name = 2; // trailing comment of name
        }
        """)
                .violations())
        .containsExactly(
            "t.proto:5: field t.M.id has no // comment directly above",
            "t.proto:6: field t.M.name has no // comment directly above");
  }

  @Test
  void blockCommentOrDeclarationSharingALine_isAViolation() {
    assertThat(
            ProtoFile.parse(
                    "t.proto",
                    """
        syntax = "proto3";
        package t;
        /* A block comment is not a // comment. */
        message M {
          // Documents id only.
          string id = 1; string name = 2;
        }
        """)
                .violations())
        .containsExactly(
            "t.proto:4: message t.M has no // comment directly above",
            "t.proto:6: field t.M.name does not start its own line, so no comment can be directly above it");
  }

  @Test
  void fileHeaderSeparatedFromTheService_doesNotCount() {
    assertThat(
            ProtoFile.parse(
                    "t.proto",
                    """
        // File header about the service.
        syntax = "proto3";
        package t;
        service S {
        }
        """)
                .violations())
        .containsExactly("t.proto:4: service t.S has no // comment directly above");
  }

  // ---- files ----

  private static List<Path> protoFiles() throws IOException {
    try (Stream<Path> walk = Files.walk(PROTO_ROOT)) {
      return walk.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".proto"))
          .sorted()
          .toList();
    }
  }

  private static String name(Path file) {
    return PROTO_ROOT.relativize(file).toString().replace('\\', '/');
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- what protoc compiled ----

  private static Set<String> declarationsOf(FileDescriptor file) {
    Set<String> ids = new TreeSet<>();
    for (ServiceDescriptor service : file.getServices()) {
      ids.add(Kind.SERVICE + " " + service.getFullName());
      for (MethodDescriptor method : service.getMethods()) {
        ids.add(Kind.RPC + " " + method.getFullName());
      }
    }
    file.getMessageTypes().forEach(message -> addMessage(message, ids));
    file.getEnumTypes().forEach(e -> addEnum(e, ids));
    file.getExtensions().forEach(extension -> ids.add(Kind.FIELD + " " + extension.getFullName()));
    return ids;
  }

  private static void addMessage(Descriptor message, Set<String> ids) {
    if (message.getOptions().getMapEntry()) {
      return; // synthesized for a map field
    }
    ids.add(Kind.MESSAGE + " " + message.getFullName());
    for (FieldDescriptor field : message.getFields()) {
      ids.add(Kind.FIELD + " " + field.getFullName());
    }
    // Real oneofs only: a proto3 optional field has a synthesized one.
    for (OneofDescriptor oneof : message.getRealOneofs()) {
      ids.add(Kind.ONEOF + " " + oneof.getFullName());
    }
    message.getNestedTypes().forEach(nested -> addMessage(nested, ids));
    message.getEnumTypes().forEach(e -> addEnum(e, ids));
    message
        .getExtensions()
        .forEach(extension -> ids.add(Kind.FIELD + " " + extension.getFullName()));
  }

  private static void addEnum(EnumDescriptor e, Set<String> ids) {
    ids.add(Kind.ENUM + " " + e.getFullName());
    for (EnumValueDescriptor value : e.getValues()) {
      // Enum values are scoped like C++ (beside the enum); name them inside it, as the parser does.
      ids.add(Kind.ENUM_VALUE + " " + e.getFullName() + "." + value.getName());
    }
  }

  // ---- the parser ----

  enum Kind {
    SERVICE("service"),
    RPC("rpc"),
    MESSAGE("message"),
    ENUM("enum"),
    ENUM_VALUE("enum value"),
    FIELD("field"),
    ONEOF("oneof");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /** A declaration that needs a comment; {@code line} is the 1-based line of its first token. */
  record Declaration(Kind kind, String name, int line, boolean startsLine) {
    String id() {
      return kind + " " + name;
    }
  }

  /** A token and the 1-based line it starts on. */
  record Token(String text, int line, boolean firstOnLine) {}

  /** One parsed .proto file: its declarations and the comment check. */
  static final class ProtoFile {

    private static final Set<String> LABELS = Set.of("optional", "repeated", "required");

    private final String fileName;
    private final String[] lines;
    private final List<Token> tokens;
    private final List<Declaration> declarations = new ArrayList<>();
    private int position;
    private String packagePrefix = "";
    private String javaPackage;
    private String javaOuterClassname;

    private ProtoFile(String fileName, String text) {
      this.fileName = fileName;
      this.lines = text.split("\r?\n", -1);
      this.tokens = tokenize(text);
    }

    static ProtoFile parse(String fileName, String text) {
      ProtoFile file = new ProtoFile(fileName, text);
      file.parseFile();
      return file;
    }

    List<Declaration> declarations() {
      return declarations;
    }

    /** One message per declaration without a {@code //} comment on the line directly above. */
    List<String> violations() {
      List<String> violations = new ArrayList<>();
      for (Declaration d : declarations) {
        String where = fileName + ":" + d.line() + ": " + d.kind().label + " " + d.name();
        if (!d.startsLine()) {
          violations.add(
              where + " does not start its own line, so no comment can be directly above it");
        } else if (d.line() < 2 || !lines[d.line() - 2].strip().startsWith("//")) {
          violations.add(where + " has no // comment directly above");
        }
      }
      return violations;
    }

    /** The descriptor protoc generated for this file, found through its java options. */
    FileDescriptor generatedDescriptor() throws ReflectiveOperationException {
      String outer = javaOuterClassname != null ? javaOuterClassname : defaultOuterClassname();
      String className =
          (javaPackage != null ? javaPackage : packagePrefix.replaceAll("\\.$", "")) + "." + outer;
      return (FileDescriptor) Class.forName(className).getMethod("getDescriptor").invoke(null);
    }

    private String defaultOuterClassname() {
      String base = fileName.substring(fileName.lastIndexOf('/') + 1).replaceAll("\\.proto$", "");
      StringBuilder camel = new StringBuilder();
      boolean upper = true;
      for (char c : base.toCharArray()) {
        if (!Character.isLetterOrDigit(c)) {
          upper = true;
        } else {
          camel.append(upper ? Character.toUpperCase(c) : c);
          upper = Character.isDigit(c);
        }
      }
      return camel.toString();
    }

    // -- grammar --

    private void parseFile() {
      while (!atEnd()) {
        switch (peek()) {
          case "package" -> {
            next();
            packagePrefix = next().text() + ".";
            expect(";");
          }
          case "option" -> parseFileOption();
          case "syntax", "edition", "import" -> skipStatement();
          case "message" -> parseMessage(packagePrefix);
          case "enum" -> parseEnum(packagePrefix);
          case "service" -> parseService();
          case "extend" -> parseExtend(packagePrefix);
          case ";" -> next();
          default -> throw unexpected();
        }
      }
    }

    private void parseFileOption() {
      int start = position;
      next();
      String name = next().text();
      if (peek().equals("=")
          && (name.equals("java_package") || name.equals("java_outer_classname"))) {
        next();
        String value = next().text().replaceAll("^\"|\"$", "");
        if (name.equals("java_package")) {
          javaPackage = value;
        } else {
          javaOuterClassname = value;
        }
      }
      position = start;
      skipStatement();
    }

    private void parseMessage(String scope) {
      Token keyword = next();
      String name = scope + identifier();
      expect("{");
      add(Kind.MESSAGE, name, keyword);
      while (!peek().equals("}")) {
        switch (peek()) {
          case "message" -> parseMessage(name + ".");
          case "enum" -> parseEnum(name + ".");
          case "oneof" -> parseOneof(name);
          case "extend" -> parseExtend(name + ".");
          case "option", "reserved", "extensions" -> skipStatement();
          case ";" -> next();
          default -> parseField(name + ".");
        }
      }
      expect("}");
    }

    private void parseOneof(String message) {
      Token keyword = next();
      add(Kind.ONEOF, message + "." + identifier(), keyword);
      expect("{");
      while (!peek().equals("}")) {
        switch (peek()) {
          case "option" -> skipStatement();
          case ";" -> next();
          default -> parseField(message + ".");
        }
      }
      expect("}");
    }

    private void parseExtend(String scope) {
      next();
      identifier();
      expect("{");
      while (!peek().equals("}")) {
        if (peek().equals(";")) {
          next();
        } else {
          parseField(scope);
        }
      }
      expect("}");
    }

    /**
     * {@code [label] type name = number [options];} or {@code map<K, V> name = number [options];}
     */
    private void parseField(String scope) {
      Token first = tokens.get(position);
      if (LABELS.contains(peek())) {
        next();
      }
      if (peek().equals("group")) {
        throw new IllegalStateException(at(first) + "proto2 groups are not supported");
      }
      if (peek().equals("map")) {
        next();
        expect("<");
        identifier();
        expect(",");
        identifier();
        expect(">");
      } else {
        identifier();
      }
      String name = identifier();
      expect("=");
      number();
      skipOptions();
      expect(";");
      add(Kind.FIELD, scope + name, first);
    }

    private void parseEnum(String scope) {
      Token keyword = next();
      String name = scope + identifier();
      expect("{");
      add(Kind.ENUM, name, keyword);
      while (!peek().equals("}")) {
        switch (peek()) {
          case "option", "reserved" -> skipStatement();
          case ";" -> next();
          default -> {
            Token value = tokens.get(position);
            String valueName = identifier();
            expect("=");
            if (peek().equals("-")) {
              next();
            }
            number();
            skipOptions();
            expect(";");
            add(Kind.ENUM_VALUE, name + "." + valueName, value);
          }
        }
      }
      expect("}");
    }

    private void parseService() {
      Token keyword = next();
      String name = packagePrefix + identifier();
      expect("{");
      add(Kind.SERVICE, name, keyword);
      while (!peek().equals("}")) {
        switch (peek()) {
          case "option" -> skipStatement();
          case ";" -> next();
          case "rpc" -> {
            Token rpc = next();
            String method = identifier();
            skipParenthesized();
            expect("returns");
            skipParenthesized();
            if (peek().equals("{")) {
              skipBalanced("{", "}");
              if (!atEnd() && peek().equals(";")) {
                next();
              }
            } else {
              expect(";");
            }
            add(Kind.RPC, name + "." + method, rpc);
          }
          default -> throw unexpected();
        }
      }
      expect("}");
    }

    private void add(Kind kind, String name, Token first) {
      declarations.add(new Declaration(kind, name, first.line(), first.firstOnLine()));
    }

    // -- token helpers --

    private boolean atEnd() {
      return position >= tokens.size();
    }

    private String peek() {
      if (atEnd()) {
        throw new IllegalStateException(fileName + ": unexpected end of file");
      }
      return tokens.get(position).text();
    }

    private Token next() {
      peek();
      return tokens.get(position++);
    }

    private void expect(String text) {
      Token token = next();
      if (!token.text().equals(text)) {
        throw new IllegalStateException(
            at(token) + "expected '" + text + "' but found '" + token.text() + "'");
      }
    }

    private String identifier() {
      Token token = next();
      if (!token.text().matches("\\.?[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*")) {
        throw new IllegalStateException(
            at(token) + "expected a name but found '" + token.text() + "'");
      }
      return token.text();
    }

    private void number() {
      Token token = next();
      if (!token.text().matches("0[xX][0-9A-Fa-f]+|[0-9]+")) {
        throw new IllegalStateException(
            at(token) + "expected a number but found '" + token.text() + "'");
      }
    }

    private void skipOptions() {
      if (peek().equals("[")) {
        skipBalanced("[", "]");
      }
    }

    private void skipParenthesized() {
      if (!peek().equals("(")) {
        throw unexpected();
      }
      skipBalanced("(", ")");
    }

    /** Skips from an opening token to its matching closing token (inclusive). */
    private void skipBalanced(String open, String close) {
      int depth = 0;
      do {
        String text = next().text();
        if (text.equals(open)) {
          depth++;
        } else if (text.equals(close)) {
          depth--;
        }
      } while (depth > 0);
    }

    /** Skips to the {@code ;} that ends the statement (aggregate option values may hold braces). */
    private void skipStatement() {
      int depth = 0;
      while (true) {
        String text = next().text();
        if (text.equals("{") || text.equals("[") || text.equals("(")) {
          depth++;
        } else if (text.equals("}") || text.equals("]") || text.equals(")")) {
          depth--;
        } else if (text.equals(";") && depth == 0) {
          return;
        }
      }
    }

    private IllegalStateException unexpected() {
      Token token = tokens.get(Math.min(position, tokens.size() - 1));
      return new IllegalStateException(at(token) + "unexpected '" + token.text() + "'");
    }

    private String at(Token token) {
      return fileName + ":" + token.line() + ": ";
    }

    /**
     * Splits proto source into tokens: names (with dots), numbers, string literals and single
     * punctuation characters. {@code //} and {@code /* *}{@code /} comments are dropped.
     */
    private static List<Token> tokenize(String text) {
      List<Token> tokens = new ArrayList<>();
      int line = 1;
      int lastTokenLine = 0;
      int i = 0;
      while (i < text.length()) {
        char c = text.charAt(i);
        if (c == '\n') {
          line++;
          i++;
        } else if (Character.isWhitespace(c)) {
          i++;
        } else if (text.startsWith("//", i)) {
          while (i < text.length() && text.charAt(i) != '\n') {
            i++;
          }
        } else if (text.startsWith("/*", i)) {
          int end = text.indexOf("*/", i + 2);
          end = end < 0 ? text.length() : end + 2;
          for (int j = i; j < end; j++) {
            if (text.charAt(j) == '\n') {
              line++;
            }
          }
          i = end;
        } else {
          int start = i;
          if (c == '"' || c == '\'') {
            i++;
            while (i < text.length() && text.charAt(i) != c && text.charAt(i) != '\n') {
              i += text.charAt(i) == '\\' ? 2 : 1;
            }
            i++;
          } else if (Character.isLetterOrDigit(c)
              || c == '_'
              || (c == '.' && i + 1 < text.length() && Character.isLetter(text.charAt(i + 1)))) {
            i++;
            while (i < text.length()
                && (Character.isLetterOrDigit(text.charAt(i))
                    || text.charAt(i) == '_'
                    || text.charAt(i) == '.')) {
              i++;
            }
          } else {
            i++;
          }
          tokens.add(
              new Token(
                  text.substring(start, Math.min(i, text.length())), line, lastTokenLine != line));
          lastTokenLine = line;
        }
      }
      return tokens;
    }
  }
}
