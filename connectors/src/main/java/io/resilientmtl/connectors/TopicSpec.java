package io.resilientmtl.connectors;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Name, partition count, replication factor and topic-level configuration of a Kafka topic that
 * {@link TopicAdmin#ensureTopics} creates when it is missing.
 *
 * @param name topic name
 * @param partitions number of partitions, at least 1
 * @param replicationFactor number of replicas of each partition, at least 1
 * @param configs topic-level settings such as {@code retention.ms}, copied and unmodifiable
 */
public record TopicSpec(
    String name, int partitions, short replicationFactor, Map<String, String> configs) {

  /**
   * Checks and copies the fields.
   *
   * @throws IllegalArgumentException if the name is blank or a count is below 1
   */
  public TopicSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(configs, "configs");
    if (name.isBlank()) {
      throw new IllegalArgumentException("Topic name is blank; give a non-empty name");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "Topic '" + name + "' has " + partitions + " partitions, expected at least 1");
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException(
          "Topic '"
              + name
              + "' has replication factor "
              + replicationFactor
              + ", expected at least 1");
    }
    configs = Map.copyOf(configs);
  }

  /** Returns a spec with replication factor 1 and no topic-level settings. */
  public static TopicSpec of(String name, int partitions) {
    return new TopicSpec(name, partitions, (short) 1, Map.of());
  }

  /** Returns a copy of this spec with another replication factor. */
  public TopicSpec withReplicationFactor(short newReplicationFactor) {
    return new TopicSpec(name, partitions, newReplicationFactor, configs);
  }

  /** Returns a copy of this spec with one topic-level setting added or replaced. */
  public TopicSpec withConfig(String key, String value) {
    Map<String, String> newConfigs = new HashMap<>(configs);
    newConfigs.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return new TopicSpec(name, partitions, replicationFactor, newConfigs);
  }
}
