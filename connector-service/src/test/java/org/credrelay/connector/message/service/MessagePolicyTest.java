package org.credrelay.connector.message.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import java.time.Duration;
import java.util.Set;
import org.credrelay.connector.error.ConnectorException;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.limit.MessageLimitsProperties;
import org.credrelay.connector.message.Envelope;
import org.credrelay.connector.message.MessageKind;
import org.credrelay.connector.message.MessageProperties;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.CredentialRevokedMessage;
import org.credrelay.proto.messages.v1.DeliveryReceipt;
import org.credrelay.proto.messages.v1.EncryptedMessage;
import org.credrelay.proto.messages.v1.HandshakeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class MessagePolicyTest {

  private static MessagePolicy policy(Set<MessageKind> allowed) {
    return new MessagePolicy(
        new MessageProperties(
            DataSize.ofKilobytes(1),
            DataSize.ofKilobytes(4),
            10,
            10,
            100,
            DataSize.ofKilobytes(4),
            allowed),
        new MessageLimitsProperties(
            new MessageLimitsProperties.Queue(
                10_000, DataSize.ofMegabytes(100), Duration.ofMinutes(10)),
            new MessageLimitsProperties.MessageSize(
                DataSize.ofKilobytes(1),
                DataSize.ofKilobytes(1),
                DataSize.ofBytes(256),
                DataSize.ofBytes(256),
                DataSize.ofBytes(256)),
            new MessageLimitsProperties.SenderRate(100, 20, Duration.ofSeconds(1)),
            new MessageLimitsProperties.HolderConnectionRate(20, 2, Duration.ofSeconds(1)),
            5,
            Duration.ofMinutes(5),
            new MessageLimitsProperties.Gauges(Duration.ofMinutes(1), 0.8),
            true));
  }

  private static final MessagePolicy DEFAULT =
      policy(
          Set.of(MessageKind.ENCRYPTED_MESSAGE, MessageKind.HANDSHAKE_MESSAGE, MessageKind.ERROR));

  private static ErrorReason refusal(MessagePolicy policy, byte[] bytes) {
    try {
      policy.check(bytes);
    } catch (ConnectorException e) {
      return e.reason();
    }
    throw new AssertionError("accepted");
  }

  @Test
  void encryptedMessage_isAcceptedWithItsKeyId() {
    Envelope envelope =
        DEFAULT.check(
            AtalaMessage.newBuilder()
                .setEncryptedMessage(
                    EncryptedMessage.newBuilder()
                        .setKeyId("kid-1")
                        .setEncryptedContent(ByteString.copyFromUtf8("x")))
                .build()
                .toByteArray());

    assertThat(envelope).isEqualTo(new Envelope(MessageKind.ENCRYPTED_MESSAGE, "kid-1"));
  }

  @Test
  void encryptedMessageWithoutKeyId_isInvalidArgument() {
    assertThat(
            refusal(
                DEFAULT,
                AtalaMessage.newBuilder()
                    .setEncryptedMessage(
                        EncryptedMessage.newBuilder()
                            .setEncryptedContent(ByteString.copyFromUtf8("x")))
                    .build()
                    .toByteArray()))
        .isEqualTo(ErrorReason.INVALID_MESSAGE);
  }

  @Test
  void plaintextRevocationNotice_isRefusedByDefault_andAllowedWhenConfigured() {
    byte[] notice =
        AtalaMessage.newBuilder()
            .setCredentialRevoked(CredentialRevokedMessage.newBuilder().setCredentialId("c1"))
            .build()
            .toByteArray();

    assertThat(refusal(DEFAULT, notice)).isEqualTo(ErrorReason.MESSAGE_KIND_REFUSED);
    assertThat(policy(Set.of(MessageKind.CREDENTIAL_REVOKED)).check(notice).kind())
        .isEqualTo(MessageKind.CREDENTIAL_REVOKED);
  }

  @Test
  void plaintextDeliveryReceipt_isRefusedByDefault_itTravelsSealed() {
    byte[] receipt =
        AtalaMessage.newBuilder()
            .setDeliveryReceipt(DeliveryReceipt.newBuilder().addMessageIds("m1"))
            .build()
            .toByteArray();

    assertThat(refusal(DEFAULT, receipt)).isEqualTo(ErrorReason.MESSAGE_KIND_REFUSED);
    assertThat(policy(Set.of(MessageKind.DELIVERY_RECEIPT)).check(receipt).kind())
        .isEqualTo(MessageKind.DELIVERY_RECEIPT);
  }

  @Test
  void unknownFields_areInvalidArgument() {
    AtalaMessage message =
        AtalaMessage.newBuilder()
            .setEncryptedMessage(
                EncryptedMessage.newBuilder()
                    .setKeyId("kid")
                    .setUnknownFields(
                        UnknownFieldSet.newBuilder()
                            .addField(
                                99,
                                UnknownFieldSet.Field.newBuilder()
                                    .addLengthDelimited(ByteString.copyFromUtf8("plaintext"))
                                    .build())
                            .build()))
            .build();

    assertThat(refusal(DEFAULT, message.toByteArray())).isEqualTo(ErrorReason.INVALID_MESSAGE);
  }

  @Test
  void oversizedMessage_isResourceExhausted() {
    byte[] big =
        AtalaMessage.newBuilder()
            .setEncryptedMessage(
                EncryptedMessage.newBuilder()
                    .setKeyId("k")
                    .setEncryptedContent(ByteString.copyFrom(new byte[2000])))
            .build()
            .toByteArray();

    assertThatThrownBy(() -> DEFAULT.check(big))
        .isInstanceOf(ConnectorException.class)
        .extracting(e -> ((ConnectorException) e).reason())
        .isEqualTo(ErrorReason.MESSAGE_TOO_LARGE);
  }

  @Test
  void messageAboveItsKindsLimit_isResourceExhausted_whileAnotherKindOfThatSizePasses() {
    byte[] handshake =
        AtalaMessage.newBuilder()
            .setHandshakeMessage(HandshakeMessage.newBuilder().setJwt("x".repeat(300)))
            .build()
            .toByteArray();
    byte[] encrypted =
        AtalaMessage.newBuilder()
            .setEncryptedMessage(
                EncryptedMessage.newBuilder()
                    .setKeyId("k")
                    .setEncryptedContent(ByteString.copyFrom(new byte[300])))
            .build()
            .toByteArray();

    assertThat(refusal(DEFAULT, handshake)).isEqualTo(ErrorReason.MESSAGE_TOO_LARGE);
    assertThat(DEFAULT.check(encrypted).kind()).isEqualTo(MessageKind.ENCRYPTED_MESSAGE);
  }
}
