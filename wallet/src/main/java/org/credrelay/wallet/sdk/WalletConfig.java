package org.credrelay.wallet.sdk;

import io.grpc.Channel;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.credrelay.e2ecrypto.envelope.EnvelopePolicy;
import org.credrelay.e2ecrypto.handshake.HandshakePolicy;
import org.credrelay.e2ecrypto.handshake.Invitation;
import org.credrelay.e2ecrypto.handshake.InvitationException;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.wallet.store.KdfParameters;

/**
 * How to open a {@link HolderWallet}. Build with {@link #builder(Path, char[])}.
 *
 * <pre>{@code
 * WalletConfig config = WalletConfig.builder(Path.of("/home/me/.credrelay-wallet"), passphrase)
 *     .connectorTarget("connector.example:443")   // TLS with the system trust store
 *     .trustedCertificates(Path.of("ca.pem"))     // optional: trust this CA instead
 *     .handshakeTimeout(Duration.ofSeconds(60))
 *     .build();
 * }</pre>
 *
 * <p>TLS is the default. Plaintext (a connector on the same machine, tests) must be asked for with
 * {@link Builder#insecurePlaintext()}, and the wallet logs a warning when it uses it.
 *
 * <p>Either a {@link #connectorTarget() target} (the wallet builds and closes its own channel) or a
 * ready {@link #channel() channel} (owned by the caller, e.g. an in-process channel in tests).
 */
public final class WalletConfig {

  /** The connector the CLI talks to unless told otherwise. */
  public static final String DEFAULT_CONNECTOR = "localhost:9092";

  /**
   * The smallest inbound message limit allowed: one message of the connector's default maximum (1
   * MiB) plus 64 KiB of framing (PROTOCOL.md 5.5).
   */
  public static final int MIN_INBOUND_MESSAGE_BYTES = (1024 + 64) * 1024;

  /** Default inbound limit: a byte-bounded page of the default connector with room to spare. */
  public static final int DEFAULT_INBOUND_MESSAGE_BYTES = 16 * 1024 * 1024;

  /** How long a verified issuer key history is used before it is fetched again. */
  public static final Duration DEFAULT_KEY_HISTORY_CHECK_INTERVAL = Duration.ofMinutes(10);

  private final Path dataDirectory;
  private final char[] passphrase;
  private final String connectorTarget;
  private final boolean tls;
  private final Path trustedCertificates;
  private final Channel channel;
  private final Clock clock;
  private final SecureRandom random;
  private final Duration handshakeTimeout;
  private final Duration rpcTimeout;
  private final int maxInboundMessageBytes;
  private final Duration reconnectInitialBackoff;
  private final Duration reconnectMaxBackoff;
  private final KdfParameters kdf;
  private final EnvelopePolicy envelopePolicy;
  private final HandshakePolicy handshakePolicy;
  private final KeyCurve authenticationCurve;
  private final KeyCurve communicationCurve;
  private final String keyRegistryTarget;
  private final Channel keyRegistryChannel;
  private final Duration keyHistoryCheckInterval;

  private WalletConfig(Builder b) {
    this.dataDirectory = b.dataDirectory;
    this.passphrase = b.passphrase.clone();
    this.connectorTarget = b.connectorTarget;
    this.tls = b.tls;
    this.trustedCertificates = b.trustedCertificates;
    this.channel = b.channel;
    this.clock = b.clock;
    this.random = b.random;
    this.handshakeTimeout = b.handshakeTimeout;
    this.rpcTimeout = b.rpcTimeout;
    this.maxInboundMessageBytes = b.maxInboundMessageBytes;
    this.reconnectInitialBackoff = b.reconnectInitialBackoff;
    this.reconnectMaxBackoff = b.reconnectMaxBackoff;
    this.kdf = b.kdf;
    this.envelopePolicy = b.envelopePolicy;
    this.handshakePolicy = b.handshakePolicy;
    this.authenticationCurve = b.authenticationCurve;
    this.communicationCurve = b.communicationCurve;
    this.keyRegistryTarget = b.keyRegistryTarget;
    this.keyRegistryChannel = b.keyRegistryChannel;
    this.keyHistoryCheckInterval = b.keyHistoryCheckInterval;
  }

  /**
   * @param dataDirectory where the encrypted wallet file lives (created by {@link
   *     HolderWallet#create})
   * @param passphrase protects the wallet file; copied, so the caller may clear its array
   */
  public static Builder builder(Path dataDirectory, char[] passphrase) {
    return new Builder(dataDirectory, passphrase);
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  /** A copy of the passphrase; the caller clears it after use. */
  char[] passphrase() {
    return passphrase.clone();
  }

  public String connectorTarget() {
    return connectorTarget;
  }

  /** True unless {@link Builder#insecurePlaintext()} was chosen. */
  public boolean tls() {
    return tls;
  }

  public Path trustedCertificates() {
    return trustedCertificates;
  }

  /** The caller's channel, or null if the wallet builds one from the target. */
  public Channel channel() {
    return channel;
  }

  public Clock clock() {
    return clock;
  }

  public SecureRandom random() {
    return random;
  }

  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  public Duration rpcTimeout() {
    return rpcTimeout;
  }

  /** The largest gRPC message the wallet accepts from the connector. */
  public int maxInboundMessageBytes() {
    return maxInboundMessageBytes;
  }

  /** First pause before reconnecting to an unreachable connector while following. */
  public Duration reconnectInitialBackoff() {
    return reconnectInitialBackoff;
  }

  /** Longest pause between reconnect attempts while following. */
  public Duration reconnectMaxBackoff() {
    return reconnectMaxBackoff;
  }

  public KdfParameters kdf() {
    return kdf;
  }

  public EnvelopePolicy envelopePolicy() {
    return envelopePolicy;
  }

  public HandshakePolicy handshakePolicy() {
    return handshakePolicy;
  }

  /** Curve of the authentication key {@link HolderWallet#create} generates (default Ed25519). */
  public KeyCurve authenticationCurve() {
    return authenticationCurve;
  }

  /** Curve of the communication key generated per accepted invitation (default X25519). */
  public KeyCurve communicationCurve() {
    return communicationCurve;
  }

  /**
   * gRPC target of the key registry whose key histories the wallet verifies (S8), or null if none
   * is configured (then issuer key histories are not checked and the wallet logs a warning). Same
   * TLS settings as the connector.
   */
  public String keyRegistryTarget() {
    return keyRegistryTarget;
  }

  /** The caller's channel to the key registry, or null. */
  public Channel keyRegistryChannel() {
    return keyRegistryChannel;
  }

  /** How long a verified issuer key history is trusted before it is fetched again. */
  public Duration keyHistoryCheckInterval() {
    return keyHistoryCheckInterval;
  }

  /** True if a key registry target or channel is configured. */
  public boolean keyRegistryConfigured() {
    return keyRegistryTarget != null || keyRegistryChannel != null;
  }

  /**
   * The connector an invitation names (its {@code connector} parameter, PROTOCOL.md 4.1), if any.
   * An invitation that does not parse (or has expired at {@code clock}) names none here: accepting
   * it reports why it is refused.
   */
  public static Optional<String> invitedConnector(String invitationUri, Clock clock) {
    try {
      return Invitation.parse(invitationUri, clock).connectorAddress();
    } catch (InvitationException e) {
      return Optional.empty();
    }
  }

  /**
   * Builder with safe defaults: system clock, TLS to localhost:9092 with the system trust store, 60
   * s handshake wait, 16 MiB inbound messages, reconnects after 0.5 s doubling to 30 s.
   */
  public static final class Builder {
    private final Path dataDirectory;
    private final char[] passphrase;
    private String connectorTarget = DEFAULT_CONNECTOR;
    private boolean tls = true;
    private Path trustedCertificates;
    private Channel channel;
    private Clock clock = Clock.systemUTC();
    private SecureRandom random = new SecureRandom();
    private Duration handshakeTimeout = Duration.ofSeconds(60);
    private Duration rpcTimeout = Duration.ofSeconds(20);
    private int maxInboundMessageBytes = DEFAULT_INBOUND_MESSAGE_BYTES;
    private Duration reconnectInitialBackoff = Duration.ofMillis(500);
    private Duration reconnectMaxBackoff = Duration.ofSeconds(30);
    private KdfParameters kdf = KdfParameters.defaults();
    private EnvelopePolicy envelopePolicy = EnvelopePolicy.defaults();
    private HandshakePolicy handshakePolicy = HandshakePolicy.defaults();
    private KeyCurve authenticationCurve = KeyCurve.ED25519;
    private KeyCurve communicationCurve = KeyCurve.X25519;
    private String keyRegistryTarget;
    private Channel keyRegistryChannel;
    private Duration keyHistoryCheckInterval = DEFAULT_KEY_HISTORY_CHECK_INTERVAL;

    private Builder(Path dataDirectory, char[] passphrase) {
      this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
      this.passphrase = Objects.requireNonNull(passphrase, "passphrase").clone();
    }

    /** gRPC target of the connector, e.g. {@code localhost:9092}. */
    public Builder connectorTarget(String target) {
      this.connectorTarget = Objects.requireNonNull(target);
      return this;
    }

    /**
     * The connector the invitation names ({@link WalletConfig#invitedConnector}), if it names one;
     * otherwise the target stays as set. For a wallet that accepts an invitation and has no
     * connector setting of its own (PROTOCOL.md 4.1, "Where the wallet connects").
     */
    public Builder connectorTargetOf(String invitationUri) {
      invitedConnector(invitationUri, clock).ifPresent(this::connectorTarget);
      return this;
    }

    /**
     * Talk to the connector without TLS: anyone on the path reads and changes the traffic (the
     * content stays end-to-end encrypted, but who talks to whom and when does not). Only for a
     * connector on the same machine or in tests; the wallet logs a warning.
     */
    public Builder insecurePlaintext() {
      this.tls = false;
      return this;
    }

    /**
     * PEM file of the CA certificates to trust for the connector's TLS certificate instead of the
     * system trust store (null: the system trust store).
     */
    public Builder trustedCertificates(Path pemFile) {
      this.trustedCertificates = pemFile;
      return this;
    }

    /** A ready channel to the connector; the wallet uses it as is and never shuts it down. */
    public Builder channel(Channel connectorChannel) {
      this.channel = connectorChannel;
      return this;
    }

    public Builder clock(Clock walletClock) {
      this.clock = Objects.requireNonNull(walletClock);
      return this;
    }

    public Builder random(SecureRandom secureRandom) {
      this.random = Objects.requireNonNull(secureRandom);
      return this;
    }

    /**
     * Curve of the authentication key of a wallet being created: ED25519 (default) or SECP256K1. An
     * existing wallet keeps its key.
     */
    public Builder authenticationCurve(KeyCurve curve) {
      this.authenticationCurve = curveOf(curve, KeyUse.AUTHENTICATION);
      return this;
    }

    /**
     * Curve of the communication key generated for each invitation accepted from now on: X25519
     * (default) or P_256. An issuer that does not serve the curve refuses the handshake with
     * UNSUPPORTED_CURVE.
     */
    public Builder communicationCurve(KeyCurve curve) {
      this.communicationCurve = curveOf(curve, KeyUse.COMMUNICATION);
      return this;
    }

    /**
     * How long {@link HolderWallet#accept} waits for the issuer's handshake reply; then the
     * connection becomes HANDSHAKE_TIMED_OUT (PROTOCOL.md section 4.5).
     */
    public Builder handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = positive(timeout);
      return this;
    }

    /** Deadline of each unary call to the connector. */
    public Builder rpcTimeout(Duration timeout) {
      this.rpcTimeout = positive(timeout);
      return this;
    }

    /**
     * The largest gRPC message accepted from the connector, at least {@link
     * #MIN_INBOUND_MESSAGE_BYTES}. A page that is still larger is asked for again with a smaller
     * limit, so this bounds memory, never what can be received.
     */
    public Builder maxInboundMessageBytes(int bytes) {
      if (bytes < MIN_INBOUND_MESSAGE_BYTES) {
        throw new IllegalArgumentException(
            "maxInboundMessageBytes must be at least "
                + MIN_INBOUND_MESSAGE_BYTES
                + " (one 1 MiB message and its framing)");
      }
      this.maxInboundMessageBytes = bytes;
      return this;
    }

    /**
     * While following, how long to wait before the first reconnect to an unreachable connector
     * ({@code initial}) and at most between attempts ({@code max}); the wait doubles per failed
     * attempt, with jitter, and the wallet retries for as long as it follows.
     */
    public Builder reconnectBackoff(Duration initial, Duration max) {
      positive(initial);
      positive(max);
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("the maximum backoff is below the initial one");
      }
      this.reconnectInitialBackoff = initial;
      this.reconnectMaxBackoff = max;
      return this;
    }

    /** Argon2id cost for a wallet being created (an existing wallet keeps its own). */
    public Builder kdf(KdfParameters parameters) {
      this.kdf = Objects.requireNonNull(parameters);
      return this;
    }

    public Builder envelopePolicy(EnvelopePolicy policy) {
      if (policy.allowAnoncrypt()) {
        throw new IllegalArgumentException("a wallet never accepts anoncrypt credentials (S2)");
      }
      this.envelopePolicy = policy;
      return this;
    }

    public Builder handshakePolicy(HandshakePolicy policy) {
      this.handshakePolicy = Objects.requireNonNull(policy);
      return this;
    }

    /**
     * The key registry to verify issuer key histories with (S8), e.g. {@code registry.example:443};
     * null: none (not for production: a rewritten history goes unnoticed).
     */
    public Builder keyRegistryTarget(String target) {
      this.keyRegistryTarget = target;
      return this;
    }

    /** A ready channel to the key registry; the wallet uses it as is and never shuts it down. */
    public Builder keyRegistryChannel(Channel registryChannel) {
      this.keyRegistryChannel = registryChannel;
      return this;
    }

    /**
     * How long a verified issuer key history is used before the next receive fetches it again
     * (default 10 minutes); zero: at every receive batch.
     */
    public Builder keyHistoryCheckInterval(Duration interval) {
      if (interval == null || interval.isNegative()) {
        throw new IllegalArgumentException("the key history check interval must not be negative");
      }
      this.keyHistoryCheckInterval = interval;
      return this;
    }

    public WalletConfig build() {
      if (!tls && trustedCertificates != null) {
        throw new IllegalArgumentException(
            "trusted certificates were given for a plaintext "
                + "connection: choose TLS or insecurePlaintext(), not both");
      }
      return new WalletConfig(this);
    }

    private static KeyCurve curveOf(KeyCurve curve, KeyUse use) {
      if (Objects.requireNonNull(curve, "curve").use() != use) {
        throw new IllegalArgumentException(curve.crv() + " is not a curve for " + use + " keys");
      }
      return curve;
    }

    private static Duration positive(Duration duration) {
      if (duration == null || duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("timeouts must be positive");
      }
      return duration;
    }
  }
}
