package org.credrelay.wallet.sdk;

import io.grpc.Channel;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.credrelay.e2ecrypto.envelope.EnvelopePolicy;
import org.credrelay.e2ecrypto.handshake.HandshakePolicy;
import org.credrelay.wallet.store.KdfParameters;

/**
 * How to open a {@link HolderWallet}. Build with {@link #builder(Path, char[])}.
 *
 * <pre>{@code
 * WalletConfig config = WalletConfig.builder(Path.of("/home/me/.credrelay-wallet"), passphrase)
 *     .connectorTarget("localhost:9092")      // plaintext; .tls(true) for TLS
 *     .handshakeTimeout(Duration.ofSeconds(60))
 *     .build();
 * }</pre>
 *
 * <p>Either a {@link #connectorTarget() target} (the wallet builds and closes its own channel) or a
 * ready {@link #channel() channel} (owned by the caller, e.g. an in-process channel in tests).
 */
public final class WalletConfig {

  /** The connector the CLI talks to unless told otherwise. */
  public static final String DEFAULT_CONNECTOR = "localhost:9092";

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
  private final KdfParameters kdf;
  private final EnvelopePolicy envelopePolicy;
  private final HandshakePolicy handshakePolicy;

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
    this.kdf = b.kdf;
    this.envelopePolicy = b.envelopePolicy;
    this.handshakePolicy = b.handshakePolicy;
  }

  /**
   * @param dataDirectory where the encrypted wallet file lives (created by {@link HolderWallet#create})
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

  public KdfParameters kdf() {
    return kdf;
  }

  public EnvelopePolicy envelopePolicy() {
    return envelopePolicy;
  }

  public HandshakePolicy handshakePolicy() {
    return handshakePolicy;
  }

  /** Builder with safe defaults: system clock, plaintext to localhost:9092, 60 s handshake wait. */
  public static final class Builder {
    private final Path dataDirectory;
    private final char[] passphrase;
    private String connectorTarget = DEFAULT_CONNECTOR;
    private boolean tls;
    private Path trustedCertificates;
    private Channel channel;
    private Clock clock = Clock.systemUTC();
    private SecureRandom random = new SecureRandom();
    private Duration handshakeTimeout = Duration.ofSeconds(60);
    private Duration rpcTimeout = Duration.ofSeconds(20);
    private KdfParameters kdf = KdfParameters.defaults();
    private EnvelopePolicy envelopePolicy = EnvelopePolicy.defaults();
    private HandshakePolicy handshakePolicy = HandshakePolicy.defaults();

    private Builder(Path dataDirectory, char[] passphrase) {
      this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
      this.passphrase = Objects.requireNonNull(passphrase, "passphrase").clone();
    }

    /** gRPC target of the connector, e.g. {@code localhost:9092}. */
    public Builder connectorTarget(String target) {
      this.connectorTarget = Objects.requireNonNull(target);
      return this;
    }

    /** Use TLS to the connector (JVM trust store unless {@link #trustedCertificates} is set). */
    public Builder tls(boolean useTls) {
      this.tls = useTls;
      return this;
    }

    /** PEM file of the CA certificates to trust for the connector's TLS certificate. */
    public Builder trustedCertificates(Path pemFile) {
      this.trustedCertificates = pemFile;
      this.tls = pemFile != null || tls;
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

    /** How long {@link HolderWallet#accept} waits for the issuer's handshake reply. */
    public Builder handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = positive(timeout);
      return this;
    }

    /** Deadline of each unary call to the connector. */
    public Builder rpcTimeout(Duration timeout) {
      this.rpcTimeout = positive(timeout);
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

    public WalletConfig build() {
      return new WalletConfig(this);
    }

    private static Duration positive(Duration duration) {
      if (duration == null || duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("timeouts must be positive");
      }
      return duration;
    }
  }
}
