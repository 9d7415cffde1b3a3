package org.credrelay.keyregistry.error;

import com.google.protobuf.InvalidProtocolBufferException;
import org.credrelay.db.TransientDatabaseFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * The one translation of any exception into a {@link RegistryException}, shared by the gRPC and the
 * REST mapper. A conflict between two transactions is ABORTED; a transient database failure ({@link
 * TransientDatabaseFailure}: connection refused or dropped, too many connections, pool timeout) is
 * UNAVAILABLE / 503 with a retry hint. Other unexpected exceptions are bugs: logged here with their
 * stack trace and reach the client only as INTERNAL / INTERNAL_ERROR, never with their message.
 */
public final class ErrorTranslation {

  private static final Logger log = LoggerFactory.getLogger(ErrorTranslation.class);

  private ErrorTranslation() {}

  public static RegistryException translate(Throwable error) {
    if (error instanceof RegistryException refusal) {
      return refusal;
    }
    if (hasCause(error, InvalidProtocolBufferException.class)) {
      return new RegistryException(Reason.MALFORMED_PROTOBUF, "the request is not valid protobuf");
    }
    if (error instanceof ConcurrencyFailureException
        || error instanceof DataIntegrityViolationException) {
      // Two transactions inserted the same owner or kid at once; the loser may retry and then
      // gets the precise answer (ALREADY_EXISTS).
      log.info("concurrent change refused: {}", error.getMessage());
      return RegistryException.aborted("a concurrent change conflicted; retry");
    }
    if (TransientDatabaseFailure.isTransient(error)) {
      log.warn("database unavailable: {}", error.getClass().getSimpleName());
      return RegistryException.unavailable("the database is unavailable; retry later");
    }
    log.error("unexpected error", error);
    return new RegistryException(Reason.INTERNAL_ERROR, "internal error");
  }

  private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
