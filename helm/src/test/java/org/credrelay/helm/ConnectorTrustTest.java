package org.credrelay.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The key registry accepts holder key registrations only from connectors it trusts (decision 0011),
 * so the chart wires both halves of the connector's signing key: the private JWK from an existing
 * Secret into the connector, the public JWKs as plain values into the registry. A release missing
 * either would render but could accept no invitation; it must not render.
 */
class ConnectorTrustTest {

  private static final String KEY_1 =
      "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"ar_o133nkx5j2ZAfSig2RVceOm4a3c0OmNjXvoC8L2M\","
          + "\"kid\":\"DgTsdx2Z2IK3bB38GsihHkh0j8MJ4noxfr4aFkuOoLc\"}";
  private static final String KEY_2 =
      "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"A-m07NeSK-O82NyxtdeDX3DaKTXCWDvrYlIe1rv9YOw\","
          + "\"kid\":\"puzar-OgTgeMAGdZp_JXi2C18EoUhzM6Lz8OcJ0jk38\"}";

  @Test
  void connector_readsItsSigningKeyFromTheNamedSecretAndKey() {
    RenderedRelease release =
        Chart.render()
            .minimal()
            .set("connector.secrets.existingSecret", "connector-keys")
            .set("connector.secrets.keys.keyRegistrySigningKey", "signing.jwk")
            .call();

    EnvVar env = release.env("connector", "CONNECTOR_KEYREGISTRY_SIGNINGKEY").orElseThrow();
    SecretKeySelector ref = env.getValueFrom().getSecretKeyRef();
    assertThat(env.getValue()).isNull();
    assertThat(ref.getName()).isEqualTo("connector-keys");
    assertThat(ref.getKey()).isEqualTo("signing.jwk");
    assertThat(release.config("connector")).doesNotContainKey("CONNECTOR_KEYREGISTRY_SIGNINGKEY");
  }

  @Test
  void productionValues_wireTheSigningKeyAndBothTrustedKeysOfARotation() {
    RenderedRelease release = Chart.render().values(Chart.PRODUCTION_VALUES).call();

    assertThat(
            release
                .env("connector", "CONNECTOR_KEYREGISTRY_SIGNINGKEY")
                .orElseThrow()
                .getValueFrom()
                .getSecretKeyRef()
                .getName())
        .isEqualTo("credrelay-connector-keys");
    assertThat(release.config("key-registry"))
        .containsEntry("KEYREGISTRY_CONNECTORS_TRUSTEDKEYS_0_", KEY_1)
        .containsEntry("KEYREGISTRY_CONNECTORS_TRUSTEDKEYS_1_", KEY_2);
  }

  @Test
  void registry_getsEveryTrustedKeyInOrder_andNoOtherServiceDoes() {
    RenderedRelease release =
        Chart.render()
            .minimal()
            .set("keyRegistry.connectors.trustedKeys[0]", KEY_2)
            .set("keyRegistry.connectors.trustedKeys[1]", KEY_1)
            .call();

    Map<String, String> config = release.config("key-registry");
    assertThat(config)
        .containsEntry("KEYREGISTRY_CONNECTORS_TRUSTEDKEYS_0_", KEY_2)
        .containsEntry("KEYREGISTRY_CONNECTORS_TRUSTEDKEYS_1_", KEY_1)
        .doesNotContainKey("KEYREGISTRY_CONNECTORS_TRUSTEDKEYS_2_");
    assertThat(release.config("connector"))
        .doesNotContainKey("KEYREGISTRY_CONNECTORS_TRUSTEDKEYS_0_");
    assertThat(release.env("key-registry", "CONNECTOR_KEYREGISTRY_SIGNINGKEY")).isEmpty();
  }

  @Test
  void trustedKeyFromAFile_withItsTrailingNewline_isAccepted() {
    // What `--set-file keyRegistry.connectors.trustedKeys[0]=connector-public-key.jwk` passes.
    RenderedRelease release =
        Chart.render()
            .minimal()
            .values(
                valuesFile(
                    "trusted-key-file.yaml",
                    "keyRegistry:\n  connectors:\n    trustedKeys:\n      - |\n        "
                        + KEY_2
                        + "\n"))
            .call();

    assertThat(release.config("key-registry"))
        .containsEntry("KEYREGISTRY_CONNECTORS_TRUSTEDKEYS_0_", KEY_2 + "\n");
  }

  @Test
  void connectorWithoutSigningKeySecret_failsWithAClearMessage() {
    assertThat(Chart.render().minimal().set("connector.secrets.existingSecret", "").failure())
        .contains("connector.secrets.existingSecret is required when connector.enabled is true")
        .contains("credrelay-local connector-key");
  }

  @Test
  void registryWithoutTrustedKeys_failsWithAClearMessage() {
    assertThat(Chart.render().minimal().values(noTrustedKeys()).failure())
        .contains(
            "keyRegistry.connectors.trustedKeys is required when keyRegistry.enabled is true");
  }

  @Test
  void privateJwkAsTrustedKey_isRefused() {
    String privateJwk = KEY_1.replace("}", ",\"d\":\"c2VjcmV0\"}");

    assertThat(
            Chart.render()
                .minimal()
                .set("keyRegistry.connectors.trustedKeys[0]", privateJwk)
                .failure())
        .contains("keyRegistry.connectors.trustedKeys[0] is a private JWK");
  }

  @Test
  void trustedKeyThatIsNotAJsonObject_isRejectedByTheSchema() {
    assertThat(
            Chart.render()
                .minimal()
                .set("keyRegistry.connectors.trustedKeys[0]", "kid-only")
                .failure())
        .contains("values don't meet the specifications of the schema");
  }

  @Test
  void trustedKeysThroughConfig_areRefusedInFavourOfTheValue() {
    assertThat(
            Chart.render()
                .minimal()
                .set("keyRegistry.config.KEYREGISTRY_CONNECTORS_TRUSTEDKEYS_5_", KEY_2)
                .failure())
        .contains("keyRegistry.config.KEYREGISTRY_CONNECTORS_TRUSTEDKEYS_5_ is set by the chart");
  }

  @Test
  void signingKeyAsConfigOrLiteralEnv_isRefusedAsACredential() {
    assertThat(
            Chart.render()
                .minimal()
                .set("connector.config.CONNECTOR_KEYREGISTRY_SIGNINGKEY", "{}")
                .failure())
        .contains("connector.config.CONNECTOR_KEYREGISTRY_SIGNINGKEY looks like a credential");
    assertThat(
            Chart.render()
                .minimal()
                .set("connector.extraEnv[0].name", "CONNECTOR_KEYREGISTRY_SIGNINGKEY")
                .set("connector.extraEnv[0].value", "{}")
                .failure())
        .contains("connector.extraEnv CONNECTOR_KEYREGISTRY_SIGNINGKEY looks like a credential");
  }

  @Test
  void connectorOnly_needsTheSigningKeyButNoTrustedKeys() {
    RenderedRelease release =
        Chart.render()
            .minimal()
            .set("keyRegistry.enabled", false)
            .values(noTrustedKeys())
            .set("connector.keyRegistry.target", "static://registry.provider.example:443")
            .set("issuerGateway.enabled", false)
            .call();

    assertThat(release.env("connector", "CONNECTOR_KEYREGISTRY_SIGNINGKEY")).isPresent();
  }

  @Test
  void registryOnly_needsTrustedKeysButNoConnectorSecret() {
    RenderedRelease release =
        Chart.render()
            .minimal()
            .set("connector.enabled", false)
            .set("connector.secrets.existingSecret", "")
            .set("issuerGateway.enabled", false)
            .call();

    assertThat(release.config("key-registry"))
        .containsEntry("KEYREGISTRY_CONNECTORS_TRUSTEDKEYS_0_", KEY_1);
  }

  @Test
  void notes_nameTheSigningKeySecretAndTheTrustedKeyIds() {
    assertThat(Chart.notes(Chart.PRODUCTION_VALUES, Map.of()))
        .contains(
            "Signs its key-registry writes with the key in Secret \"credrelay-connector-keys\"")
        .contains(
            "Connectors trusted to register holder keys (kid): "
                + "DgTsdx2Z2IK3bB38GsihHkh0j8MJ4noxfr4aFkuOoLc, puzar-OgTgeMAGdZp_JXi2C18EoUhzM6Lz8OcJ0jk38");
  }

  /** A values file emptying the list (helm-java's {@code --set} cannot set an empty list). */
  private static Path noTrustedKeys() {
    return valuesFile("no-trusted-keys.yaml", "keyRegistry:\n  connectors:\n    trustedKeys: []\n");
  }

  private static Path valuesFile(String name, String yaml) {
    try {
      Path file = Files.createDirectories(Path.of("target", "test-values")).resolve(name);
      return Files.writeString(file, yaml).toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
