package org.credrelay.wallet.store;

/** The wallet file could not be created, opened or written; {@link #reason()} says why. */
public final class StoreException extends Exception {

  /** Why the store refused. */
  public enum Reason {
    /** No wallet file in the data directory. */
    NOT_FOUND,
    /** A wallet file already exists where a new one was to be created. */
    ALREADY_EXISTS,
    /** The file does not decrypt: wrong passphrase, or the file was modified. */
    WRONG_PASSPHRASE,
    /** The file is not a wallet file of a version this code reads. */
    UNREADABLE,
    /** Another process (or another open wallet in this one) holds the data directory. */
    LOCKED,
    /** Reading or writing failed. */
    IO
  }

  private final Reason reason;

  public StoreException(Reason reason, String message) {
    this(reason, message, null);
  }

  public StoreException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
