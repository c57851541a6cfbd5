package io.resilientmtl.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TopicAdminTest {

  private static EmbeddedKafkaBroker broker;
  private static TopicAdmin topicAdmin;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.start();
    topicAdmin = TopicAdmin.create(broker.bootstrapServers());
  }

  @AfterAll
  static void stopBroker() {
    if (topicAdmin != null) {
      topicAdmin.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  private static Admin rawAdmin() {
    return Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
  }

  @Test
  void ensureTopicsAppliesSpec() throws Exception {
    TopicSpec spec =
        TopicSpec.of("with-config", 3)
            .withConfig("retention.ms", "3600000")
            .withConfig("cleanup.policy", "compact");

    Set<String> created = topicAdmin.ensureTopics(List.of(spec));

    assertThat(created).containsExactly("with-config");
    try (Admin admin = rawAdmin()) {
      TopicDescription description =
          admin.describeTopics(List.of("with-config")).allTopicNames().get().get("with-config");
      assertThat(description.partitions()).hasSize(3);
      assertThat(description.partitions().get(0).replicas()).hasSize(1);
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "with-config");
      Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      assertThat(config.get("retention.ms").value()).isEqualTo("3600000");
      assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
    }
  }

  @Test
  void ensureTopicsLeavesExistingTopicAlone() throws Exception {
    topicAdmin.ensureTopics(List.of(TopicSpec.of("existing", 1)));

    Set<String> created =
        topicAdmin.ensureTopics(List.of(TopicSpec.of("existing", 4), TopicSpec.of("fresh", 2)));

    assertThat(created).containsExactly("fresh");
    try (Admin admin = rawAdmin()) {
      TopicDescription description =
          admin.describeTopics(List.of("existing")).allTopicNames().get().get("existing");
      assertThat(description.partitions()).hasSize(1);
    }
  }

  @Test
  void ensureTopicsReportsRejectedTopic() {
    TopicSpec tooManyReplicas = TopicSpec.of("replicated", 1).withReplicationFactor((short) 3);

    assertThatThrownBy(() -> topicAdmin.ensureTopics(List.of(tooManyReplicas)))
        .isInstanceOf(KafkaException.class)
        .hasMessageContaining("Creating topics on " + broker.bootstrapServers() + " failed")
        .hasMessageContaining("topic 'replicated'")
        .hasMessageContaining("InvalidReplicationFactorException");
  }

  @Test
  void ensureTopicsRejectsConflictingSpecs() {
    assertThatThrownBy(
            () ->
                topicAdmin.ensureTopics(
                    List.of(TopicSpec.of("twice", 1), TopicSpec.of("twice", 2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Topic 'twice' is given twice with different settings");
  }

  @Test
  void ensureTopicsAcceptsEmptyList() {
    assertThat(topicAdmin.ensureTopics(List.of())).isEmpty();
  }

  @Test
  void deleteTopicsIgnoresMissingTopics() {
    topicAdmin.ensureTopics(List.of(TopicSpec.of("short-lived", 1)));

    topicAdmin.deleteTopics(List.of("short-lived", "never-created"));

    assertThat(topicAdmin.listTopics()).doesNotContain("short-lived", "never-created");
  }

  @Test
  void listTopicsOmitsInternalTopics() {
    topicAdmin.ensureTopics(List.of(TopicSpec.of("listed", 1)));

    Set<String> topics = topicAdmin.listTopics();

    assertThat(topics).contains("listed");
    assertThat(topics).noneMatch(name -> name.startsWith("__"));
  }

  @Test
  void unreachableClusterTimesOut() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = socket.getLocalPort();
    }
    String address = "127.0.0.1:" + closedPort;

    try (TopicAdmin unreachable = TopicAdmin.create(address, Map.of(), Duration.ofSeconds(1))) {
      long start = System.nanoTime();
      assertThatThrownBy(unreachable::listTopics)
          .isInstanceOf(TimeoutException.class)
          .hasMessageContaining(address);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void createRejectsInvalidArguments() {
    assertThatThrownBy(() -> TopicAdmin.create(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bootstrapServers is blank");
    assertThatThrownBy(() -> TopicAdmin.create(broker.bootstrapServers(), Map.of(), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout is PT0S");
    assertThatThrownBy(
            () ->
                TopicAdmin.create(
                    broker.bootstrapServers(),
                    Map.of("bootstrap.servers", "127.0.0.1:1"),
                    Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'bootstrap.servers'");
  }

  @Test
  void topicSpecRejectsInvalidValues() {
    assertThatThrownBy(() -> TopicSpec.of("", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Topic name is blank");
    assertThatThrownBy(() -> TopicSpec.of("zero", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Topic 'zero' has 0 partitions, expected at least 1");
    assertThatThrownBy(() -> TopicSpec.of("rf", 1).withReplicationFactor((short) 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Topic 'rf' has replication factor 0, expected at least 1");
  }
}
