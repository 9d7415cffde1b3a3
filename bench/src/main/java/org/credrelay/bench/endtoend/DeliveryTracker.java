package org.credrelay.bench.endtoend;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.credrelay.bench.harness.Latencies;

/**
 * Matches credentials decrypted by the wallets to the moment they were (or should have been)
 * posted: every benchmark credential carries its sequence number in its document.
 */
public final class DeliveryTracker {

  static final String SEQUENCE_CLAIM = "benchSequence";
  private static final Pattern SEQUENCE = Pattern.compile("\"" + SEQUENCE_CLAIM + "\":(\\d+)");

  private final AtomicLongArray postedAt;
  private final AtomicLongArray receivedAt;
  private final AtomicLongArray receivedWallMillis;
  private final AtomicReferenceArray<String> deliveryIds;
  private final AtomicInteger received = new AtomicInteger();
  private final AtomicInteger unknown = new AtomicInteger();
  private final AtomicInteger duplicates = new AtomicInteger();
  private volatile Runnable onReceived = () -> {};

  public DeliveryTracker(int capacity) {
    this.postedAt = new AtomicLongArray(capacity);
    this.receivedAt = new AtomicLongArray(capacity);
    this.receivedWallMillis = new AtomicLongArray(capacity);
    this.deliveryIds = new AtomicReferenceArray<>(capacity);
  }

  void accepted(int sequence, String deliveryId) {
    deliveryIds.set(sequence, deliveryId);
  }

  String deliveryId(int sequence) {
    return deliveryIds.get(sequence);
  }

  /** Wall-clock milliseconds at which the wallet decrypted it (0 if it did not arrive). */
  long receivedWallMillis(int sequence) {
    return receivedWallMillis.get(sequence);
  }

  public int capacity() {
    return postedAt.length();
  }

  /** Runs on the wallet's thread after each newly received benchmark credential. */
  public void onReceived(Runnable action) {
    this.onReceived = action;
  }

  public void posted(int sequence, long nanos) {
    postedAt.set(sequence, nanos);
  }

  /** A wallet decrypted a credential with this document. */
  void received(String document) {
    long now = System.nanoTime();
    long wall = System.currentTimeMillis();
    Matcher matcher = SEQUENCE.matcher(document);
    if (!matcher.find()) {
      unknown.incrementAndGet();
      return;
    }
    int sequence = Integer.parseInt(matcher.group(1));
    if (sequence >= receivedAt.length()) {
      unknown.incrementAndGet();
    } else if (receivedAt.compareAndSet(sequence, 0, now)) {
      receivedWallMillis.set(sequence, wall);
      received.incrementAndGet();
      onReceived.run();
    } else {
      duplicates.incrementAndGet();
    }
  }

  public int receivedCount() {
    return received.get();
  }

  public int unknownCount() {
    return unknown.get();
  }

  /** Credentials that a wallet decrypted again after one had already arrived (same sequence). */
  public int duplicateCount() {
    return duplicates.get();
  }

  /** True once every sequence in [from, to) arrived. */
  public boolean allReceived(int from, int to) {
    for (int i = from; i < to; i++) {
      if (receivedAt.get(i) == 0) {
        return false;
      }
    }
    return true;
  }

  /** How many of [from, to) arrived between the two nanoTime instants. */
  public int receivedBetween(int from, int to, long fromNanos, long toNanos) {
    int count = 0;
    for (int i = from; i < to; i++) {
      long at = receivedAt.get(i);
      count += at >= fromNanos && at <= toNanos ? 1 : 0;
    }
    return count;
  }

  /** When the first of [from, to) arrived at or after {@code fromNanos}; 0 if none did. */
  public long firstReceivedAfter(int from, int to, long fromNanos) {
    long first = 0;
    for (int i = from; i < to; i++) {
      long at = receivedAt.get(i);
      if (at >= fromNanos && (first == 0 || at < first)) {
        first = at;
      }
    }
    return first;
  }

  public int receivedIn(int from, int to) {
    int count = 0;
    for (int i = from; i < to; i++) {
      count += receivedAt.get(i) == 0 ? 0 : 1;
    }
    return count;
  }

  /**
   * Latencies of [from, to); a credential that never arrived counts as {@code censoredNanos} (the
   * time waited for it), so a loss shows up in the high percentiles instead of vanishing.
   */
  public Latencies latencies(int from, int to, long censoredNanos) {
    Latencies latencies = new Latencies();
    for (int i = from; i < to; i++) {
      long received = receivedAt.get(i);
      latencies.record(received == 0 ? censoredNanos : received - postedAt.get(i));
    }
    return latencies;
  }

  public static String document(int sequence, int bytes) {
    String prefix =
        "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],"
            + "\"type\":[\"VerifiableCredential\",\"BenchCredential\"],"
            + "\"credentialSubject\":{\""
            + SEQUENCE_CLAIM
            + "\":"
            + sequence
            + ",\"claim\":\"";
    String suffix = "\"}}";
    StringBuilder claim = new StringBuilder();
    int fill = Math.max(0, bytes - prefix.length() - suffix.length());
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    long state = sequence * 0x9E3779B97F4A7C15L + 1;
    for (int i = 0; i < fill; i++) {
      state ^= state << 13;
      state ^= state >>> 7;
      state ^= state << 17;
      claim.append(alphabet.charAt((int) (state & 63)));
    }
    return prefix + claim + suffix;
  }
}
