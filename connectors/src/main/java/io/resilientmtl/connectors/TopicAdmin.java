package io.resilientmtl.connectors;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DeleteTopicsOptions;
import org.apache.kafka.clients.admin.DeleteTopicsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, lists and deletes Kafka topics through the Kafka {@link Admin} client, waiting at most a
 * fixed timeout for each call.
 *
 * <p>Failures surface as unchecked Kafka exceptions: {@link TimeoutException} when the cluster does
 * not respond in time, {@link InterruptException} when the calling thread is interrupted, and
 * {@link KafkaException} for anything else. Each message names the topics and the bootstrap
 * address.
 *
 * <p>An instance wraps one Admin client, which is thread-safe, so one instance may serve several
 * threads.
 */
public final class TopicAdmin implements AutoCloseable {

  /** Timeout of each operation unless {@link #create(String, Map, Duration)} sets another. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

  /** Kafka's default of {@code request.timeout.ms} for the Admin client. */
  private static final long DEFAULT_REQUEST_TIMEOUT_MILLIS = 30_000;

  private static final long METADATA_POLL_INTERVAL_MILLIS = 50;

  private final Admin admin;
  private final String bootstrapServers;
  private final Duration timeout;

  private TopicAdmin(Admin admin, String bootstrapServers, Duration timeout) {
    this.admin = admin;
    this.bootstrapServers = bootstrapServers;
    this.timeout = timeout;
  }

  /** Connects to a cluster with no extra client settings and {@link #DEFAULT_TIMEOUT}. */
  public static TopicAdmin create(String bootstrapServers) {
    return create(bootstrapServers, Map.of(), DEFAULT_TIMEOUT);
  }

  /**
   * Connects to a cluster.
   *
   * @param bootstrapServers {@code host:port} list of the cluster
   * @param clientProperties extra Admin client settings, for example {@code security.protocol},
   *     without {@code bootstrap.servers}
   * @param timeout the longest time each operation waits for the cluster
   * @throws IllegalArgumentException if the bootstrap address is blank, the timeout is not
   *     positive, or {@code clientProperties} sets {@code bootstrap.servers}
   */
  public static TopicAdmin create(
      String bootstrapServers, Map<String, ?> clientProperties, Duration timeout) {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(clientProperties, "clientProperties");
    Objects.requireNonNull(timeout, "timeout");
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException(
          "bootstrapServers is blank; give the cluster as host:port[,host:port...]");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout is " + timeout + ", expected a positive value");
    }
    if (clientProperties.containsKey(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)) {
      throw new IllegalArgumentException(
          "clientProperties sets '"
              + AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG
              + "'; pass the cluster address as the bootstrapServers argument instead");
    }
    Properties properties = new Properties();
    properties.putAll(clientProperties);
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    // Kafka requires default.api.timeout.ms >= request.timeout.ms, whose default is 30 s.
    long timeoutMillis = timeout.toMillis();
    properties.putIfAbsent(
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
        Long.toString(Math.min(timeoutMillis, DEFAULT_REQUEST_TIMEOUT_MILLIS)));
    properties.putIfAbsent(
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeoutMillis));
    properties.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "resilient-mtl-topic-admin");
    return new TopicAdmin(Admin.create(properties), bootstrapServers, timeout);
  }

  /**
   * Creates every topic in {@code topics} that does not exist yet, then waits until the cluster
   * reports a leader for every partition of every listed topic, so clients can use them at once.
   * Existing topics are left as they are, even if their partitions or settings differ from the
   * spec.
   *
   * @return names of the topics that this call created
   * @throws IllegalArgumentException if two specs share a name but differ
   * @throws TimeoutException if the cluster does not confirm every topic and its leaders within the
   *     timeout
   * @throws KafkaException if the cluster rejects a topic, for example an invalid name or a
   *     replication factor above the number of brokers
   */
  public Set<String> ensureTopics(Collection<TopicSpec> topics) {
    Map<String, TopicSpec> byName = uniqueByName(topics);
    if (byName.isEmpty()) {
      return Set.of();
    }
    List<NewTopic> newTopics =
        byName.values().stream()
            .map(
                spec ->
                    new NewTopic(spec.name(), spec.partitions(), spec.replicationFactor())
                        .configs(spec.configs()))
            .toList();
    CreateTopicsResult result =
        admin.createTopics(newTopics, new CreateTopicsOptions().timeoutMs(timeoutMillis()));

    long deadlineNanos = System.nanoTime() + timeout.toNanos();
    Set<String> created = new TreeSet<>();
    Map<String, Throwable> failures = new LinkedHashMap<>();
    for (Map.Entry<String, KafkaFuture<Void>> entry : result.values().entrySet()) {
      String topic = entry.getKey();
      try {
        await(entry.getValue(), deadlineNanos, "Creating topic '" + topic + "'");
        created.add(topic);
        TopicSpec spec = byName.get(topic);
        LOG.info(
            "Created topic {} with {} partitions and replication factor {} on {}",
            topic,
            spec.partitions(),
            spec.replicationFactor(),
            bootstrapServers);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof TopicExistsException) {
          LOG.debug("Topic {} already exists on {}, leaving it unchanged", topic, bootstrapServers);
        } else {
          failures.put(topic, e.getCause());
        }
      }
    }
    if (!failures.isEmpty()) {
      throw failure("Creating topics", failures);
    }
    awaitLeaders(byName.keySet(), deadlineNanos);
    return created;
  }

  /**
   * Deletes the named topics and waits until the cluster no longer lists them. Names of topics that
   * do not exist are ignored.
   *
   * @throws TimeoutException if the cluster does not confirm the deletion within the timeout
   * @throws KafkaException if the cluster rejects the deletion of a topic
   */
  public void deleteTopics(Collection<String> topics) {
    Set<String> names = new TreeSet<>(Objects.requireNonNull(topics, "topics"));
    if (names.isEmpty()) {
      return;
    }
    DeleteTopicsResult result =
        admin.deleteTopics(names, new DeleteTopicsOptions().timeoutMs(timeoutMillis()));

    long deadlineNanos = System.nanoTime() + timeout.toNanos();
    Map<String, Throwable> failures = new LinkedHashMap<>();
    for (Map.Entry<String, KafkaFuture<Void>> entry : result.topicNameValues().entrySet()) {
      String topic = entry.getKey();
      try {
        await(entry.getValue(), deadlineNanos, "Deleting topic '" + topic + "'");
        LOG.info("Deleted topic {} on {}", topic, bootstrapServers);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof UnknownTopicOrPartitionException) {
          LOG.debug("Topic {} does not exist on {}, nothing to delete", topic, bootstrapServers);
        } else {
          failures.put(topic, e.getCause());
        }
      }
    }
    if (!failures.isEmpty()) {
      throw failure("Deleting topics", failures);
    }
    awaitAbsent(names, deadlineNanos);
  }

  /**
   * Returns the names of all topics except Kafka's internal ones such as {@code
   * __consumer_offsets}, sorted.
   *
   * @throws TimeoutException if the cluster does not respond within the timeout
   * @throws KafkaException if listing fails for another reason
   */
  public Set<String> listTopics() {
    KafkaFuture<Set<String>> names =
        admin.listTopics(new ListTopicsOptions().timeoutMs(timeoutMillis())).names();
    try {
      return new TreeSet<>(await(names, System.nanoTime() + timeout.toNanos(), "Listing topics"));
    } catch (ExecutionException e) {
      throw new KafkaException(
          "Listing topics on " + bootstrapServers + " failed: " + e.getCause(), e.getCause());
    }
  }

  /** Closes the Admin client, waiting at most the timeout for pending calls. */
  @Override
  public void close() {
    admin.close(timeout);
  }

  private int timeoutMillis() {
    return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
  }

  private TimeoutException timedOut(String operation, Throwable cause) {
    return new TimeoutException(
        operation
            + " on "
            + bootstrapServers
            + " timed out after "
            + timeout.toMillis()
            + " ms; check that the cluster is running and reachable",
        cause);
  }

  private <T> T await(KafkaFuture<T> future, long deadlineNanos, String operation)
      throws ExecutionException {
    long remainingNanos = Math.max(0L, deadlineNanos - System.nanoTime());
    try {
      return future.get(remainingNanos, TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw timedOut(operation, e);
    } catch (ExecutionException e) {
      // The client's own timeout and this deadline race each other; both mean the same.
      if (e.getCause() instanceof TimeoutException) {
        throw timedOut(operation, e.getCause());
      }
      throw e;
    } catch (InterruptedException e) {
      // InterruptException sets the thread's interrupt flag again.
      throw new InterruptException(operation + " on " + bootstrapServers + " was interrupted", e);
    }
  }

  /**
   * Waits until describe requests return every topic with a leader for each partition. The
   * controller confirms a creation before the brokers' metadata caches catch up, and a client that
   * starts in between gets UnknownTopicOrPartitionException.
   */
  private void awaitLeaders(Set<String> topics, long deadlineNanos) {
    String operation = "Waiting for the partition leaders of topics " + topics;
    while (true) {
      try {
        Map<String, TopicDescription> descriptions =
            await(admin.describeTopics(topics).allTopicNames(), deadlineNanos, operation);
        if (descriptions.values().stream().allMatch(TopicAdmin::hasAllLeaders)) {
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw new KafkaException(
              operation + " on " + bootstrapServers + " failed: " + e.getCause(), e.getCause());
        }
      }
      pauseBeforeRetry(operation, deadlineNanos);
    }
  }

  /** Waits until the cluster no longer lists any of the topics. */
  private void awaitAbsent(Set<String> topics, long deadlineNanos) {
    String operation = "Waiting for the deletion of topics " + topics;
    while (true) {
      KafkaFuture<Set<String>> names =
          admin.listTopics(new ListTopicsOptions().timeoutMs(timeoutMillis())).names();
      try {
        if (Collections.disjoint(await(names, deadlineNanos, operation), topics)) {
          return;
        }
      } catch (ExecutionException e) {
        throw new KafkaException(
            operation + " on " + bootstrapServers + " failed: " + e.getCause(), e.getCause());
      }
      pauseBeforeRetry(operation, deadlineNanos);
    }
  }

  private void pauseBeforeRetry(String operation, long deadlineNanos) {
    if (System.nanoTime() - deadlineNanos >= 0) {
      throw new TimeoutException(
          operation + " on " + bootstrapServers + " timed out after " + timeout.toMillis() + " ms");
    }
    try {
      Thread.sleep(METADATA_POLL_INTERVAL_MILLIS);
    } catch (InterruptedException e) {
      // InterruptException sets the thread's interrupt flag again.
      throw new InterruptException(operation + " was interrupted", e);
    }
  }

  private static boolean hasAllLeaders(TopicDescription description) {
    return description.partitions().stream().allMatch(partition -> partition.leader() != null);
  }

  private KafkaException failure(String operation, Map<String, Throwable> failures) {
    String details =
        failures.entrySet().stream()
            .map(entry -> "topic '" + entry.getKey() + "': " + entry.getValue())
            .collect(Collectors.joining("; "));
    KafkaException exception =
        new KafkaException(
            operation + " on " + bootstrapServers + " failed for " + details,
            failures.values().iterator().next());
    failures.values().stream().skip(1).forEach(exception::addSuppressed);
    return exception;
  }

  private static Map<String, TopicSpec> uniqueByName(Collection<TopicSpec> topics) {
    Objects.requireNonNull(topics, "topics");
    Map<String, TopicSpec> byName = new LinkedHashMap<>();
    for (TopicSpec spec : topics) {
      Objects.requireNonNull(spec, "topics contains null");
      TopicSpec previous = byName.putIfAbsent(spec.name(), spec);
      if (previous != null && !previous.equals(spec)) {
        throw new IllegalArgumentException(
            "Topic '"
                + spec.name()
                + "' is given twice with different settings: "
                + previous
                + " and "
                + spec);
      }
    }
    return byName;
  }
}
