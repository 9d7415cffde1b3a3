package org.credrelay.issuergateway.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gateway.keys.*}: which holder communication-key curves the gateway serves.
 *
 * @param communicationCurves curves of the holder communication keys the gateway accepts at the
 *     handshake (default {@code X25519,P_256}, every curve of PROTOCOL.md section 1.1). Each tenant
 *     holds one ACTIVE communication key per listed curve, created with the tenant or, for tenants
 *     created before a curve was listed, the first time a holder on that curve shakes hands. A
 *     holder on an unlisted curve is refused at the handshake with UNSUPPORTED_CURVE. Must contain
 *     X25519, the default curve every tenant holds.
 */
@ConfigurationProperties("gateway.keys")
@Validated
public record CommunicationCurveProperties(
    @NotEmpty @DefaultValue({"X25519", "P_256"}) List<KeyCurve> communicationCurves) {

  public CommunicationCurveProperties {
    communicationCurves = List.copyOf(communicationCurves);
  }

  /** True if {@code curve} is served. */
  public boolean serves(KeyCurve curve) {
    return communicationCurves.contains(curve);
  }

  @AssertTrue(message = "must contain X25519 and communication curves only")
  boolean isValid() {
    return communicationCurves.contains(KeyCurve.X25519)
        && communicationCurves.stream().allMatch(curve -> curve.use() == KeyUse.COMMUNICATION);
  }
}
