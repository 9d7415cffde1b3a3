package org.credrelay.connector.message.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.credrelay.connector.config.MessageRetentionProperties;
import org.credrelay.connector.connection.service.ExpiredTokenCleanupJob;
import org.credrelay.connector.message.NewMessage;
import org.credrelay.connector.message.service.MessageRetentionJob;
import org.credrelay.connector.message.service.PartitionMaintenanceJob;
import org.credrelay.connector.message.store.MessagePartitionStore;
import org.credrelay.connector.message.store.MessagePartitionStore.Partition;
import org.credrelay.connector.message.store.MessageStore;
import org.credrelay.connector.support.ConnectorIntegrationTest;
import org.credrelay.connector.support.TestParty;
import org.credrelay.proto.connector.v1.GetMessagesPaginatedRequest;
import org.credrelay.proto.connector.v1.RevokeConnectionRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * Retention through the real connector and PostgreSQL: expiry hides messages at once, the job drops
 * whole partitions, partitions are ready ahead, and cleanup works in batches on several replicas.
 * Own Spring context and database (the property below), because these tests drop partitions.
 */
@TestPropertySource(properties = "connector.messages.retention.batch-size=2")
class MessageRetentionTest extends ConnectorIntegrationTest {

  @Autowired private JdbcTemplate jdbc;
  @Autowired private DataSource dataSource;
  @Autowired private MessageStore store;
  @Autowired private MessagePartitionStore partitions;
  @Autowired private PartitionMaintenanceJob maintenance;
  @Autowired private MessageRetentionJob retention;
  @Autowired private ExpiredTokenCleanupJob expiredTokens;
  @Autowired private MessageRetentionProperties properties;

  @Test
  void expiredMessage_isNotDelivered_evenBeforeItsPartitionIsDropped() {
    TestParty issuer = registeredIssuer();
    TestParty holder = TestParty.holder(clock);
    String connectionId = connect(issuer, holder).getConnectionId();
    String id =
        issuer.stub(channel).sendMessage(sendRequest(connectionId, encryptedTo(holder))).getId();
    assertThat(pageOf(holder)).containsExactly(id);

    clock.advance(properties.maxAge().plusSeconds(1));

    assertThat(pageOf(holder)).isEmpty();
    assertThat(
            jdbc.queryForObject("SELECT count(*) FROM messages WHERE id = ?::uuid", Long.class, id))
        .as("still stored until its partition is dropped")
        .isOne();
  }

  @Test
  void retentionJob_dropsWholePartitionsOlderThanTheRetention_andSendsGoOn() {
    TestParty issuer = registeredIssuer();
    TestParty holder = TestParty.holder(clock);
    String connectionId = connect(issuer, holder).getConnectionId();
    String id =
        issuer.stub(channel).sendMessage(sendRequest(connectionId, encryptedTo(holder))).getId();
    String partition = partitionOf(id);

    clock.advance(properties.maxAge().plus(properties.partitionInterval().multipliedBy(2)));
    maintenance.createAhead();
    MessageRetentionJob.Run run = retention.run();

    assertThat(run.droppedPartitions()).contains(partition);
    assertThat(jdbc.queryForList("SELECT relname FROM pg_class WHERE relname = ?", partition))
        .as("the partition's table is gone from the catalog")
        .isEmpty();
    Instant cutoff = clock.instant().minus(properties.maxAge());
    assertThat(childrenOfMessages()).doesNotContain(partition);
    assertThat(partitions.partitions()).allSatisfy(p -> assertThat(p.upperBound()).isAfter(cutoff));
    String later =
        issuer.stub(channel).sendMessage(sendRequest(connectionId, encryptedTo(holder))).getId();
    assertThat(pageOf(holder)).containsExactly(later);
  }

  @Test
  void partitionsAreReadyAhead_soSendsAtAPartitionBoundaryCreateNone() {
    maintenance.createAhead();
    Instant now = clock.instant();
    List<Partition> ready = partitions.partitions();
    for (Instant at = now;
        at.isBefore(now.plus(properties.createAhead()));
        at = at.plus(Duration.ofMinutes(30))) {
      Instant t = at;
      assertThat(ready).as("a partition holds %s", t).anyMatch(p -> holds(p, t));
    }
    Instant boundary =
        ready.stream().filter(p -> holds(p, now)).findFirst().orElseThrow().upperBound();
    TestParty issuer = registeredIssuer();
    TestParty holder = TestParty.holder(clock);
    UUID connectionId = UUID.fromString(connect(issuer, holder).getConnectionId());

    UUID before = append(connectionId, issuer, TestParty.holder(clock), boundary.minusNanos(1000));
    UUID at = append(connectionId, issuer, TestParty.holder(clock), boundary);

    assertThat(partitionOf(before.toString())).isNotEqualTo(partitionOf(at.toString()));
    assertThat(childrenOfMessages()).hasSameSizeAs(ready);
  }

  @Test
  void sendBeyondTheLastPartition_createsItsPartitionAndSucceeds() {
    TestParty issuer = registeredIssuer();
    TestParty holder = TestParty.holder(clock);
    UUID connectionId = UUID.fromString(connect(issuer, holder).getConnectionId());
    Instant farAhead = clock.instant().plus(properties.createAhead()).plus(Duration.ofDays(5));

    UUID id = append(connectionId, issuer, holder, farAhead);

    assertThat(partitions.partitions())
        .filteredOn(p -> p.name().equals(partitionOf(id.toString())))
        .singleElement()
        .satisfies(p -> assertThat(holds(p, farAhead)).isTrue());
  }

  @Test
  void messagesOfRevokedConnections_areRemovedInBatches_othersStay() {
    TestParty issuer = registeredIssuer();
    TestParty holder = TestParty.holder(clock);
    TestParty other = TestParty.holder(clock);
    String revoked = connect(issuer, holder).getConnectionId();
    String kept = connect(issuer, other).getConnectionId();
    for (int i = 0; i < 5; i++) {
      issuer.stub(channel).sendMessage(sendRequest(revoked, encryptedTo(holder)));
      issuer.stub(channel).sendMessage(sendRequest(kept, encryptedTo(other)));
    }
    issuer
        .stub(channel)
        .revokeConnection(RevokeConnectionRequest.newBuilder().setConnectionId(revoked).build());

    MessageRetentionJob.Run run = retention.run();

    assertThat(run.revokedMessagesRemoved()).isGreaterThanOrEqualTo(5);
    assertThat(messagesOn(revoked)).isZero();
    assertThat(messagesOn(kept)).isEqualTo(5);
    assertThat(
            jdbc.queryForObject(
                "SELECT messages_removed_at IS NOT NULL FROM connections WHERE id = ?::uuid",
                Boolean.class,
                revoked))
        .isTrue();
  }

  @Test
  void expiredTokens_areDeletedAfterTheGrace_freshOnesStay() {
    TestParty issuer = registeredIssuer();
    String old = newToken(issuer);
    clock.advance(Duration.ofDays(7).plus(properties.expiredTokenGrace()).plusSeconds(1));
    String fresh = newToken(issuer);

    assertThat(expiredTokens.run()).isPositive();

    assertThat(tokenRows(old)).isZero();
    assertThat(tokenRows(fresh)).isOne();
  }

  @Test
  void idempotencyRecords_areKeptForTheRetention_thenPurged() {
    TestParty issuer = registeredIssuer();
    TestParty holder = TestParty.holder(clock);
    UUID connectionId = UUID.fromString(connect(issuer, holder).getConnectionId());
    String clientId = "client-" + UUID.randomUUID();
    byte[] content = encryptedTo(holder);
    NewMessage message =
        new NewMessage(connectionId, issuer.id(), holder.id(), content, new byte[32], clientId);
    UUID id = store.append(List.of(message), clock.instant()).get(0).id();

    clock.advance(properties.maxAge().minusSeconds(1));
    retention.run();
    assertThat(store.findByClientMessageId(issuer.id(), clientId)).isPresent();
    clock.advance(Duration.ofSeconds(2));
    retention.run();
    assertThat(store.findByClientMessageId(issuer.id(), clientId)).isEmpty();
    assertThat(id).isNotNull();
  }

  @Test
  void twoReplicasRunningTheJobsAtOnce_doNotConflict() throws Exception {
    TestParty issuer = registeredIssuer();
    TestParty holder = TestParty.holder(clock);
    String connectionId = connect(issuer, holder).getConnectionId();
    String id =
        issuer.stub(channel).sendMessage(sendRequest(connectionId, encryptedTo(holder))).getId();
    String partition = partitionOf(id);
    clock.advance(properties.maxAge().plus(properties.partitionInterval().multipliedBy(2)));

    // While another replica holds the partition lock, a run skips partition changes.
    try (Connection replica = dataSource.getConnection();
        Statement statement = replica.createStatement()) {
      statement.execute("SELECT pg_advisory_lock(x'43524d50'::int, 1)");
      MessageRetentionJob.Run skipped = retention.run();
      assertThat(skipped.partitionsSkipped()).isTrue();
      assertThat(skipped.droppedPartitions()).isEmpty();
      assertThat(childrenOfMessages()).contains(partition);
      statement.execute("SELECT pg_advisory_unlock(x'43524d50'::int, 1)");
    }

    // Two "replicas" at once: each partition is created and dropped exactly once, nothing fails.
    CyclicBarrier start = new CyclicBarrier(2);
    Callable<MessageRetentionJob.Run> replica =
        () -> {
          start.await(10, TimeUnit.SECONDS);
          maintenance.createAhead();
          return retention.run();
        };
    ExecutorService replicas = Executors.newFixedThreadPool(2);
    try {
      List<Future<MessageRetentionJob.Run>> runs =
          replicas.invokeAll(List.of(replica, replica), 60, TimeUnit.SECONDS);
      List<String> dropped = new ArrayList<>();
      for (Future<MessageRetentionJob.Run> run : runs) {
        dropped.addAll(run.get().droppedPartitions());
      }
      maintenance.createAhead();
      dropped.addAll(retention.run().droppedPartitions());
      assertThat(dropped).contains(partition).doesNotHaveDuplicates();
    } finally {
      replicas.shutdownNow();
    }
    assertThat(childrenOfMessages()).doesNotContain(partition);
    String later =
        issuer.stub(channel).sendMessage(sendRequest(connectionId, encryptedTo(holder))).getId();
    assertThat(pageOf(holder)).containsExactly(later);
  }

  private List<String> pageOf(TestParty recipient) {
    return recipient
        .stub(channel)
        .getMessagesPaginated(GetMessagesPaginatedRequest.newBuilder().setLimit(100).build())
        .getMessagesList()
        .stream()
        .map(m -> m.getId())
        .toList();
  }

  private UUID append(UUID connectionId, TestParty sender, TestParty recipient, Instant at) {
    NewMessage message =
        new NewMessage(
            connectionId, sender.id(), recipient.id(), encryptedTo(recipient), new byte[32], null);
    return store.append(List.of(message), at).get(0).id();
  }

  private String partitionOf(String messageId) {
    return jdbc.queryForObject(
        "SELECT tableoid::regclass::text FROM messages WHERE id = ?::uuid",
        String.class,
        messageId);
  }

  private List<String> childrenOfMessages() {
    return jdbc.queryForList(
        "SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = 'messages'::regclass",
        String.class);
  }

  private long messagesOn(String connectionId) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM messages WHERE connection_id = ?::uuid", Long.class, connectionId);
  }

  private long tokenRows(String token) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM connections WHERE token = ?", Long.class, token);
  }

  private static boolean holds(Partition partition, Instant at) {
    return (partition.lowerBound() == null || !at.isBefore(partition.lowerBound()))
        && at.isBefore(partition.upperBound());
  }
}
