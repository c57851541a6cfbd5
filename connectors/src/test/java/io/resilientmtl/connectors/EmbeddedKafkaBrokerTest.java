package io.resilientmtl.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Exit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private static List<RecordMetadata> produce(
      String bootstrapServers, String topic, List<String> values) throws Exception {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    List<RecordMetadata> written = new ArrayList<>();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
      for (String value : values) {
        written.add(producer.send(new ProducerRecord<>(topic, 0, "key-" + value, value)).get());
      }
    }
    return written;
  }

  /** Reads partition 0 of a topic from the start until {@code count} records arrived. */
  private static List<ConsumerRecord<String, String>> readPartitionZero(
      String bootstrapServers, String topic, int count) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    properties.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (records.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  @Test
  void brokerBindsLoopbackAndRoundTripsRecords() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        TopicAdmin admin = TopicAdmin.create(broker.bootstrapServers())) {
      assertThat(broker.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");

      Set<String> firstCall = admin.ensureTopics(List.of(TopicSpec.of("greetings", 2)));
      Set<String> secondCall = admin.ensureTopics(List.of(TopicSpec.of("greetings", 2)));
      assertThat(firstCall).containsExactly("greetings");
      assertThat(secondCall).isEmpty();
      assertThat(admin.listTopics()).containsExactly("greetings");

      List<RecordMetadata> written =
          produce(broker.bootstrapServers(), "greetings", List.of("hello", "world"));
      assertThat(written).extracting(RecordMetadata::offset).containsExactly(0L, 1L);

      List<ConsumerRecord<String, String>> read =
          readPartitionZero(broker.bootstrapServers(), "greetings", 2);
      assertThat(read).extracting(ConsumerRecord::value).containsExactly("hello", "world");
      assertThat(read).extracting(ConsumerRecord::key).containsExactly("key-hello", "key-world");
    }
  }

  @Test
  void restartOnSameDirectoryKeepsData(@TempDir Path directory) throws Exception {
    try (EmbeddedKafkaBroker broker =
            EmbeddedKafkaBroker.builder().logDirectory(directory).start();
        TopicAdmin admin = TopicAdmin.create(broker.bootstrapServers())) {
      admin.ensureTopics(List.of(TopicSpec.of("durable", 1)));
      produce(broker.bootstrapServers(), "durable", List.of("before-restart"));
    }
    assertThat(directory.resolve("meta.properties")).exists();
    String clusterIdBefore = Files.readString(directory.resolve("meta.properties"));

    try (EmbeddedKafkaBroker broker =
            EmbeddedKafkaBroker.builder().logDirectory(directory).start();
        TopicAdmin admin = TopicAdmin.create(broker.bootstrapServers())) {
      assertThat(Files.readString(directory.resolve("meta.properties"))).isEqualTo(clusterIdBefore);
      assertThat(admin.listTopics()).containsExactly("durable");
      produce(broker.bootstrapServers(), "durable", List.of("after-restart"));

      List<ConsumerRecord<String, String>> read =
          readPartitionZero(broker.bootstrapServers(), "durable", 2);
      assertThat(read)
          .extracting(ConsumerRecord::value)
          .containsExactly("before-restart", "after-restart");
    }
    assertThat(directory).exists();
  }

  @Test
  void temporaryDirectoryIsDeletedOnClose() {
    Path directory;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      directory = broker.logDirectory();
      assertThat(directory.resolve("meta.properties")).exists();
    }
    assertThat(directory).doesNotExist();
  }

  @Test
  void haltDuringBrokerLifetimeThrows() {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        TopicAdmin admin = TopicAdmin.create(broker.bootstrapServers())) {
      assertThatThrownBy(() -> Exit.halt(3, "simulated fatal fault"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("halt with status 3: simulated fatal fault");
      assertThatThrownBy(() -> Exit.exit(4, "simulated exit"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("exit with status 4: simulated exit");

      assertThat(admin.ensureTopics(List.of(TopicSpec.of("after-halt", 1))))
          .containsExactly("after-halt");
    }
  }

  @Test
  void builderRejectsListenerOverride() {
    assertThatThrownBy(
            () -> EmbeddedKafkaBroker.builder().brokerProperty("listeners", "PLAINTEXT://:9092"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'listeners'");
    assertThatThrownBy(
            () -> EmbeddedKafkaBroker.builder().brokerProperties(Map.of("log.dirs", "/tmp/x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'log.dirs'")
        .hasMessageContaining("logDirectory(Path)");
  }

  @Test
  void extraBrokerPropertyApplies() throws Exception {
    try (EmbeddedKafkaBroker broker =
            EmbeddedKafkaBroker.builder().brokerProperty("num.partitions", "3").start();
        Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      ConfigResource brokerResource = new ConfigResource(ConfigResource.Type.BROKER, "1");
      Config config =
          admin.describeConfigs(List.of(brokerResource)).all().get().get(brokerResource);

      assertThat(config.get("num.partitions").value()).isEqualTo("3");
      assertThat(config.get("log.retention.ms").value()).isEqualTo("-1");
      assertThat(config.get("auto.create.topics.enable").value()).isEqualTo("false");
      assertThat(config.get("log.cleaner.dedupe.buffer.size").value()).isEqualTo("2097152");
    }
  }

  @Test
  void exitStaysGuardedUntilLastBrokerCloses() {
    try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start()) {
      EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start();
      try {
        assertThat(second.bootstrapServers()).isNotEqualTo(first.bootstrapServers());
      } finally {
        second.close();
      }
      // A repeated close must not release the guard that the first broker still holds.
      second.close();

      assertThatThrownBy(() -> Exit.halt(5, "after the second broker closed"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("halt with status 5");
    }
  }
}
