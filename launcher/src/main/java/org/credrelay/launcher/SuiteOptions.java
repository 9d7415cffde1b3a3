package org.credrelay.launcher;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How to start the suite.
 *
 * @param database an external PostgreSQL, or empty for the embedded one
 * @param embeddedDataDirectory where the embedded PostgreSQL keeps its files across runs, or empty
 *     for a temporary directory removed on exit
 * @param ports listening ports
 * @param adminApiKey the gateway's bootstrap (operator) API key
 * @param keyEncryptionKey base64 of 32 bytes: the gateway's key-encryption key
 * @param extraProperties additional properties per service name ("key-registry", "connector",
 *     "issuer-gateway"), highest precedence
 */
public record SuiteOptions(
    Optional<DatabaseCoordinates> database,
    Optional<Path> embeddedDataDirectory,
    SuitePorts ports,
    String adminApiKey,
    String keyEncryptionKey,
    Map<String, Map<String, String>> extraProperties) {

  public SuiteOptions {
    extraProperties = Map.copyOf(extraProperties);
  }

  /** Extra properties of one service (empty if none). */
  Map<String, String> extraFor(String service) {
    return extraProperties.getOrDefault(service, Map.of());
  }
}
