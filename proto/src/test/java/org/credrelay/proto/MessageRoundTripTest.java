package org.credrelay.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.credrelay.proto.common.v1.KeysProto;
import org.credrelay.proto.connector.v1.ConnectorApiProto;
import org.credrelay.proto.connector.v1.ConnectorModelsProto;
import org.credrelay.proto.keyregistry.v1.KeyRegistryProto;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.AtalaMessageProto;
import org.credrelay.proto.messages.v1.CredentialMessage;
import org.credrelay.proto.messages.v1.EncryptedMessage;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every message type of the contract survives binary and JSON round trips with every field set, so
 * a field number or type change that breaks the wire shows up here.
 */
class MessageRoundTripTest {

  private static final List<FileDescriptor> CONTRACT =
      List.of(
          KeysProto.getDescriptor(),
          AtalaMessageProto.getDescriptor(),
          ConnectorModelsProto.getDescriptor(),
          ConnectorApiProto.getDescriptor(),
          KeyRegistryProto.getDescriptor());

  @TestFactory
  Stream<DynamicTest> everyMessageType_roundTripsThroughBinaryAndJson() {
    List<Descriptor> types = new ArrayList<>();
    CONTRACT.forEach(file -> types.addAll(file.getMessageTypes()));
    assertThat(types).hasSizeGreaterThan(40);
    return types.stream()
        .map(
            type ->
                DynamicTest.dynamicTest(
                    type.getFullName(),
                    () -> {
                      Message original = MessageFiller.filled(prototypeOf(type));
                      Message parsed =
                          original.getParserForType().parseFrom(original.toByteArray());
                      assertThat(parsed).isEqualTo(original);
                      assertThat(parsed.getAllFields()).isNotEmpty();

                      Message.Builder fromJson = original.newBuilderForType();
                      JsonFormat.parser().merge(JsonFormat.printer().print(original), fromJson);
                      assertThat(fromJson.build()).isEqualTo(original);
                    }));
  }

  @Test
  void encryptedContent_isASerializedAtalaMessage() throws Exception {
    AtalaMessage inner =
        AtalaMessage.newBuilder()
            .setCredential(
                CredentialMessage.newBuilder()
                    .setCredentialId("cred-1")
                    .setMediaType("application/vc+json")
                    .setDocument(ByteString.copyFromUtf8("{\"id\":\"cred-1\"}")))
            .build();
    AtalaMessage outer =
        AtalaMessage.newBuilder()
            .setEncryptedMessage(
                EncryptedMessage.newBuilder()
                    .setKeyId("kid-1")
                    .setEncryptedContent(inner.toByteString()))
            .build();

    AtalaMessage parsedOuter = AtalaMessage.parseFrom(outer.toByteArray());
    assertThat(parsedOuter.getMessageCase()).isEqualTo(AtalaMessage.MessageCase.ENCRYPTED_MESSAGE);
    AtalaMessage parsedInner =
        AtalaMessage.parseFrom(parsedOuter.getEncryptedMessage().getEncryptedContent());
    assertThat(parsedInner.getCredential().getCredentialId()).isEqualTo("cred-1");
  }

  private static Message prototypeOf(Descriptor type) throws Exception {
    String javaPackage = type.getFile().getOptions().getJavaPackage();
    Class<?> generated = Class.forName(javaPackage + "." + type.getName());
    return (Message) generated.getMethod("getDefaultInstance").invoke(null);
  }

  /** Sets every field (the first member of each oneof) to a non-default value, recursively. */
  static final class MessageFiller {
    private MessageFiller() {}

    static Message filled(Message prototype) {
      return fill(prototype.newBuilderForType(), 0).build();
    }

    private static Message.Builder fill(Message.Builder builder, int depth) {
      for (FieldDescriptor field : builder.getDescriptorForType().getFields()) {
        if (field.getRealContainingOneof() != null
            && field.getRealContainingOneof().getFields().get(0) != field) {
          continue;
        }
        Object value = valueFor(builder, field, depth);
        if (value == null) {
          continue;
        }
        if (field.isRepeated()) {
          builder.addRepeatedField(field, value);
        } else {
          builder.setField(field, value);
        }
      }
      return builder;
    }

    private static Object valueFor(Message.Builder builder, FieldDescriptor field, int depth) {
      return switch (field.getJavaType()) {
        case STRING -> "v-" + field.getName();
        case BYTE_STRING -> ByteString.copyFromUtf8("b-" + field.getName());
        case INT -> 7;
        case LONG -> 1_700_000_000L;
        case BOOLEAN -> true;
        case FLOAT -> 1.5f;
        case DOUBLE -> 2.5d;
        case ENUM ->
            field.getEnumType().getValues().get(field.getEnumType().getValues().size() - 1);
        case MESSAGE ->
            depth > 3 ? null : fill(builder.newBuilderForField(field), depth + 1).build();
      };
    }
  }
}
