package org.credrelay.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Database credentials and the gateway's and the connector's key material come only from existing
 * Secrets: the chart renders no Secret, no credential into a ConfigMap and no credential as an env
 * literal.
 */
class SecretHandlingTest {

  private static final Pattern CREDENTIAL_NAME =
      Pattern.compile(
          "(?i).*(PASSWORD|PASSWD|SECRET|API_?KEY|PRIVATE_?KEY|KEYENCRYPTIONKEY|SIGNING_?KEY|_USER(NAME)?)$");

  @Test
  void chart_rendersNoSecretObjects() {
    assertThat(Chart.render().values(Chart.PRODUCTION_VALUES).call().all(Secret.class)).isEmpty();
    assertThat(Chart.render().minimal().call().all(Secret.class)).isEmpty();
  }

  @Test
  void credentialEnvEntries_alwaysReferenceSecretKeys() {
    List<EnvVar> credentials =
        containers(Chart.render().values(Chart.PRODUCTION_VALUES).call())
            .flatMap(c -> c.getEnv().stream())
            .filter(e -> CREDENTIAL_NAME.matcher(e.getName()).matches())
            .toList();

    assertThat(credentials)
        .extracting(EnvVar::getName)
        .contains(
            "SPRING_DATASOURCE_USERNAME",
            "SPRING_DATASOURCE_PASSWORD",
            "FLYWAY_USER",
            "FLYWAY_PASSWORD",
            "GATEWAY_CRYPTO_KEYENCRYPTIONKEY",
            "GATEWAY_BOOTSTRAP_APIKEY",
            "CONNECTOR_KEYREGISTRY_SIGNINGKEY");
    assertThat(credentials)
        .allSatisfy(
            e -> {
              assertThat(e.getValue()).as(e.getName()).isNull();
              assertThat(e.getValueFrom().getSecretKeyRef()).as(e.getName()).isNotNull();
            });
  }

  @Test
  void configMaps_holdNoCredentialNames() {
    RenderedRelease release = Chart.render().values(Chart.PRODUCTION_VALUES).call();

    assertThat(release.all(ConfigMap.class))
        .isNotEmpty()
        .allSatisfy(
            cm -> {
              assertThat(cm.getData().keySet())
                  .noneMatch(k -> CREDENTIAL_NAME.matcher(k).matches());
              assertThat(cm.getBinaryData()).isNullOrEmpty();
            });
  }

  @Test
  void issuerGateway_readsItsKeyMaterialFromTheNamedSecretAndKeys() {
    RenderedRelease release =
        Chart.render()
            .minimal()
            .set("issuerGateway.secrets.existingSecret", "gw-keys")
            .set("issuerGateway.secrets.keys.keyEncryptionKey", "kek")
            .set("issuerGateway.secrets.keys.bootstrapApiKey", "seed")
            .call();

    assertSecretRef(
        release.env("issuer-gateway", "GATEWAY_CRYPTO_KEYENCRYPTIONKEY").orElseThrow(),
        "gw-keys",
        "kek");
    assertSecretRef(
        release.env("issuer-gateway", "GATEWAY_BOOTSTRAP_APIKEY").orElseThrow(), "gw-keys", "seed");
  }

  @Test
  void issuerGateway_withoutBootstrapKeyName_setsNoBootstrapKey() {
    RenderedRelease release =
        Chart.render().minimal().set("issuerGateway.secrets.keys.bootstrapApiKey", "").call();

    assertThat(release.env("issuer-gateway", "GATEWAY_BOOTSTRAP_APIKEY")).isEmpty();
    assertThat(release.env("issuer-gateway", "GATEWAY_CRYPTO_KEYENCRYPTIONKEY")).isPresent();
  }

  @Test
  void issuerGateway_bearerTokensWithoutAudience_failRendering_withAudienceAreConfigured() {
    assertThat(
            Chart.render()
                .minimal()
                .set("issuerGateway.oauth2.jwkSetUri", "https://login.example/certs")
                .failure())
        .contains("issuerGateway.oauth2.audience is required");
    RenderedRelease release =
        Chart.render()
            .minimal()
            .set("issuerGateway.oauth2.issuerUri", "https://login.example/realms/x")
            .set("issuerGateway.oauth2.audience", "issuer-gateway")
            .call();
    assertThat(release.config("issuer-gateway"))
        .containsEntry("GATEWAY_SECURITY_OAUTH2_AUDIENCE", "issuer-gateway")
        .containsEntry("SERVER_FORWARDHEADERSSTRATEGY", "native");
  }

  @Test
  void connectorPushRelay_signingSecretComesFromTheNamedSecret_settingsFromTheConfigMap() {
    RenderedRelease release =
        Chart.render()
            .minimal()
            .set("connector.messages.push.relayUrl", "https://push-relay.example/wake")
            .set("connector.messages.push.existingSecret", "push-relay")
            .set("connector.messages.push.secretKey", "whsec")
            .set("connector.messages.push.wakeUpInterval", "2m")
            .call();

    assertSecretRef(
        release.env("connector", "CONNECTOR_MESSAGES_PUSH_RELAY_SECRET").orElseThrow(),
        "push-relay",
        "whsec");
    assertThat(release.config("connector"))
        .containsEntry("CONNECTOR_MESSAGES_PUSH_RELAY_URL", "https://push-relay.example/wake")
        .containsEntry("CONNECTOR_MESSAGES_PUSH_WAKEUPINTERVAL", "2m")
        .containsEntry("CONNECTOR_MESSAGES_PUSH_MAXTARGETSPERPARTICIPANT", "10");
  }

  @Test
  void connectorPushRelay_withoutSecret_failsWithAClearMessage_andIsOffByDefault() {
    assertThat(
            Chart.render()
                .minimal()
                .set("connector.messages.push.relayUrl", "https://push-relay.example/wake")
                .failure())
        .contains("connector.messages.push.existingSecret is required");
    RenderedRelease release = Chart.render().minimal().call();
    assertThat(release.env("connector", "CONNECTOR_MESSAGES_PUSH_RELAY_SECRET")).isEmpty();
    assertThat(release.config("connector")).containsEntry("CONNECTOR_MESSAGES_PUSH_RELAY_URL", "");
  }

  @Test
  void issuerGateway_withoutExistingSecret_failsWithAClearMessage() {
    assertThat(Chart.render().minimal().set("issuerGateway.secrets.existingSecret", "").failure())
        .contains("issuerGateway.secrets.existingSecret is required");
  }

  @ParameterizedTest
  @ValueSource(strings = {"connector", "keyRegistry", "issuerGateway"})
  void enabledService_withoutDatabaseSecret_failsNamingTheService(String key) {
    Chart.Render render = Chart.render().minimal().set("database.existingSecret", "");
    for (String other : List.of("connector", "keyRegistry", "issuerGateway")) {
      if (!other.equals(key)) {
        render.set(other + ".database.existingSecret", "db-" + other);
      }
    }
    assertThat(render.failure())
        .contains(key + ".database.existingSecret or database.existingSecret is required");
  }

  @Test
  void disabledService_needsNoDatabaseSecret() {
    RenderedRelease release =
        Chart.render()
            .minimal()
            .set("database.existingSecret", "")
            .set("connector.database.existingSecret", "db-connector")
            .set("keyRegistry.database.existingSecret", "db-registry")
            .set("issuerGateway.enabled", false)
            .call();

    assertThat(release.all(Deployment.class)).hasSize(2);
  }

  @Test
  void serviceDatabaseSecret_overridesTheSharedOneWithItsOwnKeys() {
    RenderedRelease release =
        Chart.render()
            .minimal()
            .set("keyRegistry.database.existingSecret", "registry-db")
            .set("keyRegistry.database.secretKeys.username", "user")
            .set("keyRegistry.database.secretKeys.password", "pass")
            .call();

    assertSecretRef(
        release.env("key-registry", "SPRING_DATASOURCE_USERNAME").orElseThrow(),
        "registry-db",
        "user");
    assertSecretRef(
        release.env("key-registry", "SPRING_DATASOURCE_PASSWORD").orElseThrow(),
        "registry-db",
        "pass");
    assertSecretRef(
        release.env("connector", "SPRING_DATASOURCE_PASSWORD").orElseThrow(),
        "credrelay-db",
        "password");
  }

  @Test
  void configValue_withACredentialName_isRefused() {
    assertThat(
            Chart.render()
                .minimal()
                .set("issuerGateway.config.GATEWAY_CRYPTO_KEYENCRYPTIONKEY", "AAAA")
                .failure())
        .contains("issuerGateway.config.GATEWAY_CRYPTO_KEYENCRYPTIONKEY looks like a credential");
  }

  @Test
  void extraEnvLiteral_withACredentialName_isRefused() {
    assertThat(
            Chart.render()
                .minimal()
                .set("connector.extraEnv[0].name", "SPRING_DATASOURCE_PASSWORD")
                .set("connector.extraEnv[0].value", "hunter2")
                .failure())
        .contains("connector.extraEnv SPRING_DATASOURCE_PASSWORD looks like a credential");
  }

  @Test
  void extraEnv_fromASecretKeyRef_isAccepted() {
    RenderedRelease release =
        Chart.render()
            .minimal()
            .set("connector.extraEnv[0].name", "CONNECTOR_SIGNING_SECRET")
            .set("connector.extraEnv[0].valueFrom.secretKeyRef.name", "connector-extra")
            .set("connector.extraEnv[0].valueFrom.secretKeyRef.key", "signing")
            .call();

    assertSecretRef(
        release.env("connector", "CONNECTOR_SIGNING_SECRET").orElseThrow(),
        "connector-extra",
        "signing");
  }

  @Test
  void databaseUrl_carryingAPassword_isRefused() {
    assertThat(
            Chart.render()
                .minimal()
                .set("database.url", "jdbc:postgresql://db/credrelay?password=hunter2")
                .failure())
        .contains("must not carry credentials");
  }

  private static Stream<Container> containers(RenderedRelease release) {
    return release.podSpecs().stream()
        .flatMap(
            pod -> Stream.concat(pod.getContainers().stream(), pod.getInitContainers().stream()));
  }

  private static void assertSecretRef(EnvVar env, String secret, String key) {
    SecretKeySelector ref = env.getValueFrom().getSecretKeyRef();
    assertThat(env.getValue()).isNull();
    assertThat(ref.getName()).isEqualTo(secret);
    assertThat(ref.getKey()).isEqualTo(key);
  }
}
