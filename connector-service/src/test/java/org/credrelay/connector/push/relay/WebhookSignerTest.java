package org.credrelay.connector.push.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

  @Test
  void sign_reproducesTheStandardWebhooksTestVector() {
    // The vector published with the Standard Webhooks reference libraries: any receiver library
    // that verifies it verifies the connector's wake-ups.
    WebhookSigner signer = new WebhookSigner("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

    String signature =
        signer.sign(
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330L,
            "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));

    assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void secret_thatIsNotBase64OrTooShort_isRefused() {
    assertThatThrownBy(() -> new WebhookSigner("whsec_not base64!"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WebhookSigner("whsec_c2hvcnQ="))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
