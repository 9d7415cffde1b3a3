package org.credrelay.connector.message;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits and policy of message relay ({@code connector.messages.*}).
 *
 * @param maxMessageSize largest accepted serialized AtalaMessage (one entry)
 * @param maxBatchSize largest sum of message sizes of one SendMessages request; the gRPC server's
 *     inbound message limit is derived from it, so larger requests are refused before they are
 *     buffered whole
 * @param maxBatchEntries most entries in one SendMessages request
 * @param defaultPageSize page size of GetMessagesPaginated when the request says 0
 * @param maxPageSize largest page size a request may ask for
 * @param maxPageBytes bound of the sum of message sizes of one page (GetMessagesPaginated, and each
 *     read of a stream): a page stops before the message that would exceed it, but always holds the
 *     first waiting message. At least {@code maxMessageSize}, so that any message the connector
 *     accepts fits a page alone; a client must accept responses of max(maxPageBytes,
 *     maxMessageSize) plus 64 KiB framing (docs/PROTOCOL.md §5.5)
 * @param allowedKinds top-level AtalaMessage kinds accepted for relay; a plaintext credential is
 *     refused by default (threat model S1)
 */
@Validated
@ConfigurationProperties("connector.messages")
public record MessageProperties(
    @NotNull @DefaultValue("1MB") DataSize maxMessageSize,
    @NotNull @DefaultValue("8MB") DataSize maxBatchSize,
    @Min(1) @Max(1000) @DefaultValue("100") int maxBatchEntries,
    @Min(1) @DefaultValue("100") int defaultPageSize,
    @Min(1) @Max(10_000) @DefaultValue("500") int maxPageSize,
    @NotNull @DefaultValue("2MB") DataSize maxPageBytes,
    @NotEmpty
        @DefaultValue({"ENCRYPTED_MESSAGE", "HANDSHAKE_MESSAGE", "ERROR", "HANDSHAKE_REFUSED"})
        Set<MessageKind> allowedKinds) {

  /** Framing allowance on top of {@link #maxBatchSize} for field tags, lengths and ids. */
  private static final long REQUEST_OVERHEAD_BYTES = 64 * 1024;

  public MessageProperties {
    if (maxMessageSize.toBytes() <= 0 || maxBatchSize.toBytes() < maxMessageSize.toBytes()) {
      throw new IllegalArgumentException(
          "connector.messages.max-batch-size must be >= max-message-size > 0");
    }
    if (maxPageBytes.toBytes() < maxMessageSize.toBytes()) {
      throw new IllegalArgumentException(
          "connector.messages.max-page-bytes must be >= max-message-size");
    }
    if (defaultPageSize > maxPageSize) {
      throw new IllegalArgumentException("connector.messages.default-page-size > max-page-size");
    }
    allowedKinds = Set.copyOf(allowedKinds);
  }

  /** The largest gRPC request the server accepts: a full batch plus framing. */
  public int maxRequestBytes() {
    return Math.toIntExact(
        Math.min(Integer.MAX_VALUE, maxBatchSize.toBytes() + REQUEST_OVERHEAD_BYTES));
  }
}
