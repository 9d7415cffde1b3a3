package org.credrelay.wallet.sdk;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.credrelay.e2ecrypto.envelope.EnvelopeOpener;
import org.credrelay.e2ecrypto.handshake.HolderHandshake;
import org.credrelay.e2ecrypto.handshake.InMemoryJtiStore;
import org.credrelay.e2ecrypto.handshake.Invitation;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.keys.SafetyNumber;
import org.credrelay.proto.connector.v1.ReceivedMessage;
import org.credrelay.wallet.connector.ConnectorChannels;
import org.credrelay.wallet.connector.ConnectorClient;
import org.credrelay.wallet.registry.IssuerKeyHistory;
import org.credrelay.wallet.registry.KeyRegistryClient;
import org.credrelay.wallet.store.ConnectionRecord;
import org.credrelay.wallet.store.KeyHistoryRecord;
import org.credrelay.wallet.store.OwnKeyRotation;
import org.credrelay.wallet.store.StoreException;
import org.credrelay.wallet.store.WalletState;
import org.credrelay.wallet.store.WalletStore;

/**
 * The holder's wallet: keys and credentials in an encrypted local file, connections to issuers
 * through an untrusted connector, and the checks that make that safe (threat model S2, S3, S5).
 *
 * <pre>{@code
 * try (HolderWallet wallet = HolderWallet.open(config)) {          // or HolderWallet.create(config)
 *   Connection c = wallet.accept(invitationUri, event -> ...);     // handshake verified, keys pinned
 *   System.out.println(c.safetyNumber());                          // compare with the issuer's
 *   wallet.receiveOnce(event -> ...);                              // or receive(listener, duration)
 *   wallet.credentials();
 * }
 * }</pre>
 *
 * <p>One Ed25519 authentication key per wallet is the holder's identity at the connector; every
 * connection gets its own X25519 communication key. Every processed message is saved (with the last
 * seen message id and the seen envelope ids) before its event reaches the listener, so a restart
 * resumes where it stopped and never shows a credential twice. Saved messages are then acknowledged
 * at the connector, which deletes them; one delivered again because a crash or an outage came
 * between saving and acknowledging is recognized and reported as {@link
 * WalletEvent.DuplicateIgnored} (PROTOCOL.md 5.9).
 *
 * <p>Thread-safe. {@link #accept}, {@link #receiveOnce} and {@link #receive} run one at a time
 * (another concurrent one fails with BUSY); {@link #stop()} and {@link #close()} may be called from
 * any thread. No static state: several wallets may live in one JVM.
 */
public final class HolderWallet implements AutoCloseable {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HolderWallet.class);

  private final WalletConfig config;
  private final WalletStore store;
  private final WalletState state;
  private final KeyPairJwk authenticationKey;
  private final ManagedChannel ownedChannel;
  private final ManagedChannel ownedRegistryChannel;
  private final IssuerKeyHistory keyHistory;
  private final ConnectorClient connector;
  private final HandshakeCompleter handshakes;
  private final MessageProcessor processor;
  private final Acceptor acceptor;
  private final MessagePump pump;
  private final PushTargets pushTargets;
  private final HolderKeyRotation holderKeyRotation;
  private final DeliveryReceipts receipts;
  private final ReentrantLock runLock = new ReentrantLock();
  private final Object stateLock = new Object();
  private volatile boolean stopRequested;
  private volatile boolean closed;

  private HolderWallet(WalletConfig config, WalletStore store) {
    this.config = config;
    this.store = store;
    this.state = store.state();
    this.authenticationKey = parseAuthenticationKey(state);
    if (state.assignDeviceIdIfMissing(config.random())) {
      save(); // before the connector learns it (PROTOCOL.md 5.9 "Devices")
    }
    this.ownedChannel = config.channel() == null ? newChannel(config) : null;
    Channel channel = config.channel() == null ? ownedChannel : config.channel();
    this.connector =
        new ConnectorClient(
            channel,
            config.connectorTarget(),
            authenticationKey,
            config.clock(),
            config.random(),
            config.rpcTimeout(),
            config.maxInboundMessageBytes(),
            state.deviceId());
    HolderHandshake handshake =
        new HolderHandshake(
            config.clock(),
            config.random(),
            new InMemoryJtiStore(config.clock()),
            config.handshakePolicy());
    this.ownedRegistryChannel =
        config.keyRegistryTarget() != null && config.keyRegistryChannel() == null
            ? newRegistryChannel(config)
            : null;
    this.keyHistory = keyHistory(config, ownedRegistryChannel, state, stateLock);
    this.handshakes =
        new HandshakeCompleter(connector, handshake, authenticationKey, state, config.clock());
    ParsedKeys parsedKeys = new ParsedKeys();
    this.receipts = new DeliveryReceipts(connector, config.clock(), config.random(), parsedKeys);
    this.processor =
        new MessageProcessor(
            state,
            new EnvelopeOpener(
                config.clock(),
                new StateSeenMessageIds(state, config.clock()),
                config.envelopePolicy()),
            handshakes,
            keyHistory,
            rotationCheck(config, ownedRegistryChannel, keyHistory),
            receipts,
            parsedKeys,
            config.clock());
    this.acceptor =
        new Acceptor(
            connector, handshake, authenticationKey, config.communicationCurve(), config.clock());
    this.pushTargets = new PushTargets(connector);
    Channel registryChannel =
        config.keyRegistryChannel() != null ? config.keyRegistryChannel() : ownedRegistryChannel;
    this.holderKeyRotation =
        new HolderKeyRotation(
            registryChannel == null
                ? null
                : new KeyRegistryClient(registryChannel, config.rpcTimeout()),
            connector,
            authenticationKey,
            config.clock(),
            config.random());
    this.pump =
        new MessagePump(
            connector,
            this::lastSeenMessageId,
            this::handle,
            receipts::sendSaved,
            new MessagePump.Acknowledgements(this::unacknowledgedMessageIds, this::acknowledged),
            () -> stopRequested || closed,
            () ->
                new ReconnectBackoff(
                    config.reconnectInitialBackoff(),
                    config.reconnectMaxBackoff(),
                    config.random()));
  }

  /** True if {@code dataDirectory} holds a wallet. */
  public static boolean exists(Path dataDirectory) {
    return WalletStore.exists(dataDirectory);
  }

  /**
   * Creates a new wallet in the config's data directory with a fresh authentication key.
   *
   * @throws WalletException ALREADY_INITIALIZED, LOCKED or STORAGE
   */
  public static HolderWallet create(WalletConfig config) {
    WalletState initial =
        new WalletState(Keys.generate(config.authenticationCurve()).toPrivateJson());
    return start(
        config,
        passphrase ->
            WalletStore.create(
                config.dataDirectory(), passphrase, config.kdf(), config.random(), initial));
  }

  /**
   * Opens the wallet in the config's data directory.
   *
   * @throws WalletException NOT_INITIALIZED, WRONG_PASSPHRASE ("wrong passphrase or corrupted
   *     wallet"), UNREADABLE, LOCKED or STORAGE
   */
  public static HolderWallet open(WalletConfig config) {
    return start(
        config,
        passphrase -> WalletStore.open(config.dataDirectory(), passphrase, config.random()));
  }

  /**
   * This wallet's device id at the connector, kept in the state file: the wallet reads and
   * acknowledges as this device, and other devices of the same holder keep receiving a message
   * until they acknowledged it themselves (PROTOCOL.md 5.9 "Devices").
   */
  public String deviceId() {
    return state.deviceId();
  }

  /** The holder's key id at the connector (RFC 7638 thumbprint of the authentication key). */
  public String holderKeyId() {
    return authenticationKey.kid();
  }

  public Path dataDirectory() {
    return store.directory();
  }

  /**
   * Checks an invitation without accepting it: well-formed, not expired, long secret, and the
   * connector confirms that its token belongs to the issuer DID it names.
   *
   * @throws WalletException INVALID_INVITATION, INVITATION_REFUSED, ISSUER_MISMATCH,
   *     CONNECTOR_UNAVAILABLE, CONNECTOR_REFUSED
   */
  public InvitationPreview inspect(String invitationUri) {
    ensureOpen();
    return acceptor.preview(acceptor.parse(invitationUri));
  }

  /** {@link #accept(String, WalletListener)} without progress events. */
  public Connection accept(String invitationUri) {
    return accept(invitationUri, WalletListener.NONE);
  }

  /**
   * Accepts an invitation and runs the holder side of the handshake: checks the invitation and the
   * token's issuer, accepts the token with a fresh communication key and the key binding proof,
   * sends the MACed hello, and waits (at most the configured handshake timeout) for the issuer's
   * reply, which is verified against the keys the connector reports. Other messages that arrive
   * meanwhile are processed as by {@link #receive} and reported to {@code listener} too.
   *
   * @return the VERIFIED connection with its safety number
   * @throws WalletException INVALID_INVITATION, INVITATION_REFUSED, ISSUER_MISMATCH,
   *     ALREADY_CONNECTED, CONNECTOR_MISBEHAVED (the connector's answer names a connection the
   *     wallet holds, another token, holder key or state: nothing is stored), HANDSHAKE_FAILED
   *     (with the failed check), KEY_MISMATCH, HANDSHAKE_TIMEOUT (the connection stays pending; a
   *     later receive completes it), CONNECTOR_UNAVAILABLE, CONNECTOR_REFUSED, BUSY
   */
  public Connection accept(String invitationUri, WalletListener listener) {
    return exclusive(
        () -> {
          Invitation invitation = acceptor.parse(invitationUri);
          synchronized (stateLock) {
            state
                .connectionByToken(invitation.token())
                .ifPresent(
                    existing -> {
                      throw new WalletException(
                          WalletException.Reason.ALREADY_CONNECTED,
                          "this invitation was already accepted as connection "
                              + existing.connectionId());
                    });
          }
          InvitationPreview preview = acceptor.preview(invitation);
          ConnectionRecord added =
              acceptor.accept(
                  invitationUri,
                  invitation,
                  preview,
                  record -> {
                    synchronized (stateLock) {
                      state
                          .connectionByConnectorId(record.connectorConnectionId())
                          .ifPresent(
                              existing -> {
                                // A connector answering with the id of a connection the wallet
                                // holds would otherwise
                                // replace its keys and pins (threat model: connector overwrites a
                                // connection).
                                throw new WalletException(
                                    WalletException.Reason.CONNECTOR_MISBEHAVED,
                                    "refusing the "
                                        + "connector's answer to the acceptance: it names connector connection "
                                        + record.connectorConnectionId()
                                        + ", which this wallet already holds as "
                                        + "connection "
                                        + existing.connectionId()
                                        + "; nothing was stored");
                              });
                      state.putConnection(record);
                      save();
                    }
                  });
          String id = added.connectionId();
          listener.onEvent(new WalletEvent.ConnectionAdded(id, Views.connection(added)));
          HandshakeWatch watch = new HandshakeWatch(id, listener);
          pump.follow(watch, config.handshakeTimeout(), () -> watch.finished() || !isPending(id));
          if (watch.unanswered()) {
            markTimedOut(id);
          }
          return watch.outcome(record(id), config.handshakeTimeout());
        });
  }

  /**
   * Processes every message waiting at the connector (GetMessagesPaginated) and returns: the mode
   * for scripts and polling.
   *
   * @throws WalletException CONNECTOR_UNAVAILABLE, CONNECTOR_REFUSED, STORAGE, BUSY
   */
  public ReceiveSummary receiveOnce(WalletListener listener) {
    return exclusive(() -> pump.drain(listener));
  }

  /**
   * Follows the message stream (GetMessageStream, backlog first) and processes each message until
   * {@code maxDuration} has passed (null: until {@link #stop()} or {@link #close()}). An outage of
   * the connector does not end it: the listener hears {@link WalletListener#onConnectorLost} and
   * {@link WalletListener#onConnectorRestored}, and the wallet reconnects with backoff.
   *
   * @throws WalletException CONNECTOR_REFUSED (a refusal retrying cannot change), STORAGE, BUSY
   */
  public ReceiveSummary receive(WalletListener listener, Duration maxDuration) {
    return exclusive(() -> pump.follow(listener, maxDuration, () -> false));
  }

  /** Asks a running accept/receive to return soon (after the message in hand). */
  public void stop() {
    stopRequested = true;
  }

  /** Every connection, in the order they were accepted. */
  public List<Connection> connections() {
    synchronized (stateLock) {
      return state.connections().stream().map(Views::connection).toList();
    }
  }

  public Optional<Connection> connection(String connectionId) {
    synchronized (stateLock) {
      return state.connection(connectionId).map(Views::connection);
    }
  }

  /**
   * Every credential received, in arrival order, with its document (each read from its file now:
   * this costs memory in proportion to what the wallet holds; {@link #credentialCount()} does not).
   *
   * @throws WalletException UNREADABLE or STORAGE if a document file cannot be read
   */
  public List<Credential> credentials() {
    synchronized (stateLock) {
      return state.credentials().stream()
          .map(c -> Views.credential(c, Views.document(state, c)))
          .toList();
    }
  }

  /** How many credentials the wallet holds (reads no document). */
  public int credentialCount() {
    synchronized (stateLock) {
      return state.credentialCount();
    }
  }

  /**
   * The safety number of a verified connection: 60 digits over both sides' keys that the holder and
   * the issuer can compare out of band.
   *
   * @throws WalletException UNKNOWN_CONNECTION, NOT_VERIFIED
   */
  public SafetyNumber fingerprint(String connectionId) {
    Connection connection =
        connection(connectionId)
            .orElseThrow(
                () ->
                    new WalletException(
                        WalletException.Reason.UNKNOWN_CONNECTION,
                        "no connection " + connectionId + " in this wallet"));
    return connection
        .fingerprint()
        .orElseThrow(
            () ->
                new WalletException(
                    WalletException.Reason.NOT_VERIFIED,
                    "connection "
                        + connectionId
                        + " has no verified "
                        + "issuer keys (status "
                        + connection.status()
                        + ")"));
  }

  /**
   * Registers (or, for a known {@code deviceId}, replaces) where the connector sends a content-free
   * wake-up when a message waits for this holder and no stream is open (docs/PROTOCOL.md §5.13).
   *
   * @param deviceId this device's name, 1..64 characters of [A-Za-z0-9._-]
   * @param token the device token at the provider (opaque to the wallet and the connector)
   * @return how many push targets the holder has now
   * @throws WalletException CONNECTOR_REFUSED (malformed, too many targets, or the connector sends
   *     no pushes), CONNECTOR_UNAVAILABLE
   */
  public int registerPushTarget(String deviceId, PushProvider provider, String token) {
    ensureOpen();
    return pushTargets.register(deviceId, provider, token);
  }

  /**
   * Deletes the push target of {@code deviceId}; false if the connector had none.
   *
   * @throws WalletException CONNECTOR_REFUSED, CONNECTOR_UNAVAILABLE
   */
  public boolean deletePushTarget(String deviceId) {
    ensureOpen();
    return pushTargets.delete(deviceId);
  }

  /**
   * Rotates this wallet's communication key of a verified connection (docs/PROTOCOL.md §7.8), e.g.
   * after moving to a new device: registers a fresh key at the key registry with a proof from the
   * holder's authentication key, keeps the old key for {@code gracePeriod} (messages the issuer
   * sealed to it before it re-pinned still open), and announces the new key to the issuer in a
   * message authcrypted from the old key. The issuer re-pins after checking the registry's key
   * history. If the announcement could not be sent, calling again sends it (no second rotation).
   *
   * @param gracePeriod how long the old key stays ACTIVE at the registry (0 = the registry's
   *     default, which may revoke it at once)
   * @return the connection with its new key
   * @throws WalletException UNKNOWN_CONNECTION, NOT_VERIFIED, KEY_ROTATION_FAILED,
   *     CONNECTOR_UNAVAILABLE, CONNECTOR_REFUSED, BUSY
   */
  public Connection rotateCommunicationKey(String connectionId, Duration gracePeriod) {
    return exclusive(
        () -> {
          ConnectionRecord connection;
          OwnKeyRotation pending;
          synchronized (stateLock) {
            connection =
                state
                    .connection(connectionId)
                    .orElseThrow(
                        () ->
                            new WalletException(
                                WalletException.Reason.UNKNOWN_CONNECTION,
                                "no connection " + connectionId + " in this wallet"));
            pending = state.ownKeyRotation(connectionId).orElse(null);
          }
          holderKeyRotation.rotate(
              connection,
              pending,
              gracePeriod,
              (updated, rotation) -> {
                synchronized (stateLock) {
                  state.putConnection(updated);
                  state.putOwnKeyRotation(rotation);
                  save();
                }
              });
          return Views.connection(record(connectionId));
        });
  }

  /** The holder key rotation of a connection whose replaced key is still kept, if any. */
  public Optional<OwnKeyRotation> ownKeyRotation(String connectionId) {
    synchronized (stateLock) {
      return state.ownKeyRotation(connectionId);
    }
  }

  /**
   * Stops a running accept/receive, waits briefly for it, and releases the file and the channel.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    boolean idle = false;
    try {
      idle = runLock.tryLock(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      synchronized (stateLock) {
        store.close();
      }
      if (ownedChannel != null) {
        ownedChannel.shutdownNow();
      }
      if (ownedRegistryChannel != null) {
        ownedRegistryChannel.shutdownNow();
      }
    } finally {
      if (idle) {
        runLock.unlock();
      }
    }
  }

  /**
   * Processes messages in order and saves once: their effects and the last seen id together. The
   * state lock is never held across a connector call, so that {@link #credentials()} and the like
   * on other threads never wait for an RPC: at an issuer's handshake reply, what is processed so
   * far is saved, the lock is released for the connector's key lookup, and the keys are applied
   * under the lock again only if the connection did not change meanwhile (else they are looked up
   * anew).
   */
  private List<WalletEvent> handle(List<ReceivedMessage> messages) {
    List<WalletEvent> events = new ArrayList<>(messages.size());
    HandshakeCompleter.ReportedKeys looked = null;
    refreshKeyHistories(messages);
    try {
      while (true) {
        Optional<ConnectionRecord> lookUp;
        synchronized (stateLock) {
          int before = events.size();
          lookUp = processUntilLookUp(messages, events, looked);
          if (events.size() > before) {
            save();
            receipts.saved();
          }
        }
        if (lookUp.isEmpty()) {
          // Receipts of what was saved go out once the listener saw the events (MessagePump):
          // "delivered" never precedes the save, and the holder does not wait for the receipt.
          return events;
        }
        looked = handshakes.lookUp(lookUp.get());
      }
    } finally {
      handshakes.sendReports();
    }
  }

  /**
   * Processes the messages after those in {@code events}; stops before one that needs the issuer's
   * keys of a connection (returned) unless {@code looked} holds them for that very record. Runs
   * under the state lock.
   */
  private Optional<ConnectionRecord> processUntilLookUp(
      List<ReceivedMessage> messages,
      List<WalletEvent> events,
      HandshakeCompleter.ReportedKeys looked) {
    for (int i = events.size(); i < messages.size(); i++) {
      ReceivedMessage message = messages.get(i);
      if (state.isUnacknowledged(message.getId())) {
        // Processed and saved before, but the acknowledgement did not reach the connector (a
        // crash or a lost connection in between): delivered again, shown once.
        events.add(redelivered(message));
        continue;
      }
      Optional<ConnectionRecord> needed = processor.keysToLookUp(message);
      if (needed.isPresent() && (looked == null || !looked.connection().equals(needed.get()))) {
        return needed;
      }
      events.add(processor.process(message, needed.isPresent() ? looked : null));
      state.markUnacknowledged(message.getId());
      state.setLastSeenMessageId(message.getId());
    }
    return Optional.empty();
  }

  /**
   * Fetches and verifies, outside the state lock, the key histories of the issuers that the batch's
   * messages come from, where due (S8); processing then uses what was verified.
   */
  private void refreshKeyHistories(List<ReceivedMessage> messages) {
    if (!keyHistory.enabled()) {
      return;
    }
    Set<String> issuers = new LinkedHashSet<>();
    synchronized (stateLock) {
      for (ReceivedMessage message : messages) {
        state
            .connectionByConnectorId(message.getConnectionId())
            .ifPresent(connection -> issuers.add(connection.issuerDid()));
      }
    }
    issuers.forEach(did -> keyHistory.refresh(did, null));
  }

  /**
   * The wallet's issuer key histories (S8): the verified status of an issuer key, for checks of
   * messages that name a new key. May call the key registry.
   */
  public IssuerKeyHistory keyHistory() {
    return keyHistory;
  }

  private static IssuerKeyHistory keyHistory(
      WalletConfig config, ManagedChannel ownedRegistryChannel, WalletState state, Object lock) {
    Channel channel =
        config.keyRegistryChannel() != null ? config.keyRegistryChannel() : ownedRegistryChannel;
    if (channel == null) {
      log.warn(
          "No key registry configured: issuer key histories are NOT verified (threat model S8);"
              + " configure one for any real use");
    }
    IssuerKeyHistory.HeadStore heads =
        new IssuerKeyHistory.HeadStore() {
          @Override
          public Optional<KeyHistoryRecord> pinned(String owner) {
            synchronized (lock) {
              return state.keyHistory(owner);
            }
          }

          @Override
          public void remember(KeyHistoryRecord record) {
            synchronized (lock) {
              state.putKeyHistory(record);
            }
          }
        };
    return new IssuerKeyHistory(
        channel == null ? null : new KeyRegistryClient(channel, config.rpcTimeout()),
        heads,
        config.clock(),
        config.keyHistoryCheckInterval());
  }

  private static ManagedChannel newRegistryChannel(WalletConfig config) {
    try {
      return ConnectorChannels.create(
          config.keyRegistryTarget(), config.tls(), config.trustedCertificates());
    } catch (IOException | IllegalArgumentException e) {
      throw new WalletException(
          WalletException.Reason.CONNECTOR_UNAVAILABLE,
          "cannot set up the channel to the key registry at "
              + config.keyRegistryTarget()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private WalletEvent redelivered(ReceivedMessage message) {
    String connectionId =
        state
            .connectionByConnectorId(message.getConnectionId())
            .map(ConnectionRecord::connectionId)
            .orElse(message.getConnectionId());
    return new WalletEvent.DuplicateIgnored(
        message.getId(), connectionId, "message delivered again before its acknowledgement");
  }

  private List<String> unacknowledgedMessageIds() {
    synchronized (stateLock) {
      return state.unacknowledgedMessageIds();
    }
  }

  /** Forgotten in memory; the next save writes it (a repeat after a restart is harmless). */
  private void acknowledged(List<String> messageIds) {
    synchronized (stateLock) {
      state.forgetAcknowledged(messageIds);
    }
  }

  private String lastSeenMessageId() {
    synchronized (stateLock) {
      return state.lastSeenMessageId();
    }
  }

  /** Gives up waiting: a connection still HANDSHAKE_PENDING becomes HANDSHAKE_TIMED_OUT. */
  private void markTimedOut(String connectionId) {
    synchronized (stateLock) {
      ConnectionRecord record = state.connection(connectionId).orElseThrow();
      if (record.status() == ConnectionRecord.Status.HANDSHAKE_PENDING) {
        state.putConnection(
            record.stillAwaiting(
                ConnectionRecord.Status.HANDSHAKE_TIMED_OUT,
                "HANDSHAKE_TIMED_OUT: no confirmation from the issuer within "
                    + config.handshakeTimeout().toSeconds()
                    + " s"));
        save();
      }
    }
  }

  private boolean isPending(String connectionId) {
    return record(connectionId).status() == ConnectionRecord.Status.HANDSHAKE_PENDING;
  }

  private ConnectionRecord record(String connectionId) {
    synchronized (stateLock) {
      return state.connection(connectionId).orElseThrow();
    }
  }

  private void save() {
    try {
      store.save();
    } catch (StoreException e) {
      throw Errors.store(e);
    }
  }

  private <T> T exclusive(Supplier<T> work) {
    ensureOpen();
    if (!runLock.tryLock()) {
      throw new WalletException(
          WalletException.Reason.BUSY, "another accept or receive of this wallet is running");
    }
    try {
      ensureOpen();
      stopRequested = false;
      return work.get();
    } finally {
      runLock.unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new WalletException(WalletException.Reason.CLOSED, "the wallet is closed");
    }
  }

  private static HolderWallet start(WalletConfig config, StoreOpener opener) {
    WalletStore store;
    char[] passphrase = config.passphrase();
    try {
      store = opener.open(passphrase);
    } catch (StoreException e) {
      throw Errors.store(e);
    } finally {
      Arrays.fill(passphrase, '\0');
    }
    try {
      return new HolderWallet(config, store);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private static KeyPairJwk parseAuthenticationKey(WalletState state) {
    try {
      return KeyPairJwk.parse(state.authenticationKey(), KeyUse.AUTHENTICATION);
    } catch (KeyRejectedException e) {
      throw new WalletException(
          WalletException.Reason.UNREADABLE, "the wallet's authentication key is unreadable", e);
    }
  }

  private static ManagedChannel newChannel(WalletConfig config) {
    if (!config.tls()) {
      log.warn(
          "Talking to the connector at {} WITHOUT TLS (insecure plaintext): use this only for"
              + " a connector on this machine",
          config.connectorTarget());
    }
    try {
      return ConnectorChannels.create(
          config.connectorTarget(), config.tls(), config.trustedCertificates());
    } catch (IOException | IllegalArgumentException e) {
      throw new WalletException(
          WalletException.Reason.CONNECTOR_UNAVAILABLE,
          "cannot set up the channel to " + config.connectorTarget() + ": " + e.getMessage(),
          e);
    }
  }

  /** The check of key rotation announcements, on the key history's registry channel. */
  private static RotationCheck rotationCheck(
      WalletConfig config, ManagedChannel ownedRegistryChannel, IssuerKeyHistory keyHistory) {
    Channel channel =
        config.keyRegistryChannel() != null ? config.keyRegistryChannel() : ownedRegistryChannel;
    return new RotationCheck(
        channel == null ? null : new KeyRegistryClient(channel, config.rpcTimeout()), keyHistory);
  }

  @FunctionalInterface
  private interface StoreOpener {
    WalletStore open(char[] passphrase) throws StoreException;
  }
}
