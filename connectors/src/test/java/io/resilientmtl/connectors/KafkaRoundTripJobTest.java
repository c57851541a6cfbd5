package io.resilientmtl.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.resilientmtl.schema.AvroCodec;
import io.resilientmtl.schema.DeadLetter;
import io.resilientmtl.schema.ModelUpdate;
import io.resilientmtl.schema.SensorSample;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs a Flink job on a MiniCluster with parallelism 2 that reads sensor samples from the embedded
 * broker through {@link KafkaSources} and writes model updates and dead letters back through {@link
 * KafkaSinks}.
 */
class KafkaRoundTripJobTest {

  private static final String SAMPLES_TOPIC = "sensor-samples";
  private static final String UPDATES_TOPIC = "model-updates";
  private static final String DEAD_LETTER_TOPIC = "dead-letters";
  private static final String TRANSACTIONAL_SOURCE_TOPIC = "transactional-samples";
  private static final String TRANSACTIONAL_UPDATES_TOPIC = "transactional-updates";
  private static final int SAMPLE_COUNT = 24;
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
  private static final byte[] NOT_AVRO = "not avro at all".getBytes(StandardCharsets.UTF_8);

  @RegisterExtension
  static final MiniClusterExtension MINI_CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.start();
    try (TopicAdmin admin = TopicAdmin.create(broker.bootstrapServers())) {
      admin.ensureTopics(
          List.of(
              TopicSpec.of(SAMPLES_TOPIC, 2),
              TopicSpec.of(UPDATES_TOPIC, 2),
              TopicSpec.of(DEAD_LETTER_TOPIC, 1),
              TopicSpec.of(TRANSACTIONAL_SOURCE_TOPIC, 1),
              TopicSpec.of(TRANSACTIONAL_UPDATES_TOPIC, 1)));
    }
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  /** Element type of the job: a decoded sample or a decoding failure, as a Flink POJO. */
  public static final class Envelope {
    public String agentId;
    public long timestampMillis;
    public double[] features;
    public String failureReason;
    public String topic;
    public int partition;
    public long offset;
    public byte[] key;
    public byte[] value;

    public Envelope() {}
  }

  /** Maps samples and failures to {@link Envelope}s. */
  static final class EnvelopeMapper implements DecodedRecordMapper<SensorSample, Envelope> {
    private static final long serialVersionUID = 1L;

    @Override
    public Envelope onRecord(SensorSample record, RecordOrigin origin) {
      Envelope envelope = new Envelope();
      envelope.agentId = record.getAgentId();
      envelope.timestampMillis = record.getTimestamp().toEpochMilli();
      envelope.features = record.getFeatures().stream().mapToDouble(Double::doubleValue).toArray();
      envelope.topic = origin.topic();
      envelope.partition = origin.partition();
      envelope.offset = origin.offset();
      return envelope;
    }

    @Override
    public Envelope onFailure(String reason, RecordOrigin origin, byte[] key, byte[] value) {
      Envelope envelope = new Envelope();
      envelope.failureReason = reason;
      envelope.timestampMillis = origin.timestampMillis();
      envelope.topic = origin.topic();
      envelope.partition = origin.partition();
      envelope.offset = origin.offset();
      envelope.key = key;
      envelope.value = value;
      return envelope;
    }
  }

  private static ModelUpdate toModelUpdate(Envelope envelope) {
    return ModelUpdate.newBuilder()
        .setAgentId(envelope.agentId)
        .setRound(envelope.timestampMillis / 1000)
        .setTimestamp(Instant.ofEpochMilli(envelope.timestampMillis))
        .setModelKind("echo/" + envelope.features.length)
        .setParameters(Arrays.stream(envelope.features).boxed().toList())
        .build();
  }

  private static DeadLetter toDeadLetter(Envelope envelope) {
    return DeadLetter.newBuilder()
        .setReason(envelope.failureReason)
        .setTopic(envelope.topic)
        .setPartition(envelope.partition)
        .setOffset(envelope.offset)
        .setKey(envelope.key == null ? null : ByteBuffer.wrap(envelope.key))
        .setValue(envelope.value == null ? null : ByteBuffer.wrap(envelope.value))
        .setTimestamp(Instant.ofEpochMilli(envelope.timestampMillis))
        .build();
  }

  private static SensorSample sample(int index) {
    return SensorSample.newBuilder()
        .setAgentId("agent-" + (index % 8))
        .setTimestamp(Instant.ofEpochMilli(1_600_000_000_000L + index * 1_000L))
        .setFeatures(List.of((double) index, index * 0.5))
        .setTargets(List.of(index * 2.0))
        .setSource("test")
        .build();
  }

  private static ModelUpdate expectedUpdate(SensorSample sample) {
    long millis = sample.getTimestamp().toEpochMilli();
    return ModelUpdate.newBuilder()
        .setAgentId(sample.getAgentId())
        .setRound(millis / 1000)
        .setTimestamp(sample.getTimestamp())
        .setModelKind("echo/2")
        .setParameters(sample.getFeatures())
        .build();
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    properties.put(
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(properties);
  }

  /** Reads a topic from the beginning up to the end offsets it has when the call starts. */
  private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    return readAll(topic, "read_uncommitted");
  }

  /**
   * Reads a topic from the beginning up to its end offsets at the start of the call. Under {@code
   * read_committed} the end offsets are the last stable offsets, so open transactions are not
   * waited for.
   */
  private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, String isolation) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    properties.put(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    properties.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic)) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (!reachedEnd(consumer, endOffsets)) {
        assertThat(System.nanoTime())
            .as("reading %s up to %s before the deadline", topic, endOffsets)
            .isLessThan(deadline);
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  private static boolean reachedEnd(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> endOffsets) {
    for (Map.Entry<TopicPartition, Long> end : endOffsets.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  @Test
  void jobDecodesSamplesAndRoutesFailures() throws Exception {
    AvroCodec<SensorSample> sampleCodec = AvroCodec.forSensorSamples();
    List<SensorSample> samples = new ArrayList<>();
    Set<Integer> inputPartitions = new HashSet<>();
    RecordMetadata badRecord;
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (int i = 0; i < SAMPLE_COUNT; i++) {
        SensorSample sample = sample(i);
        samples.add(sample);
        byte[] key = sample.getAgentId().getBytes(StandardCharsets.UTF_8);
        ProducerRecord<byte[], byte[]> record =
            new ProducerRecord<>(SAMPLES_TOPIC, key, sampleCodec.encode(sample));
        inputPartitions.add(producer.send(record).get().partition());
      }
      byte[] badKey = "agent-9".getBytes(StandardCharsets.UTF_8);
      badRecord = producer.send(new ProducerRecord<>(SAMPLES_TOPIC, 1, badKey, NOT_AVRO)).get();
    }
    // Both source subtasks get a partition with samples to read.
    assertThat(inputPartitions).containsExactlyInAnyOrder(0, 1);

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    DataStream<Envelope> envelopes =
        env.fromSource(
            KafkaSources.<SensorSample, Envelope>builder(SensorSample.class)
                .setBootstrapServers(broker.bootstrapServers())
                .setTopic(SAMPLES_TOPIC)
                .setGroupId("round-trip-job")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setMapper(new EnvelopeMapper(), TypeInformation.of(Envelope.class))
                .build(),
            WatermarkStrategy.noWatermarks(),
            "sensor samples");
    envelopes
        .filter(envelope -> envelope.failureReason == null)
        .sinkTo(
            KafkaSinks.<Envelope, ModelUpdate>builder(ModelUpdate.class)
                .setBootstrapServers(broker.bootstrapServers())
                .setTopic(UPDATES_TOPIC)
                .setConverter(KafkaRoundTripJobTest::toModelUpdate)
                .setKeyExtractor(envelope -> envelope.agentId)
                .build());
    envelopes
        .filter(envelope -> envelope.failureReason != null)
        .sinkTo(
            KafkaSinks.<Envelope, DeadLetter>builder(DeadLetter.class)
                .setBootstrapServers(broker.bootstrapServers())
                .setTopic(DEAD_LETTER_TOPIC)
                .setConverter(KafkaRoundTripJobTest::toDeadLetter)
                .setKeyExtractor(envelope -> null)
                .build());
    env.execute("Kafka round trip");

    AvroCodec<ModelUpdate> updateCodec = AvroCodec.forModelUpdates();
    List<ConsumerRecord<byte[], byte[]>> updateRecords = readAll(UPDATES_TOPIC);
    Map<String, ModelUpdate> updatesByKeyAndRound = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : updateRecords) {
      ModelUpdate update = updateCodec.decode(record.value());
      String key = new String(record.key(), StandardCharsets.UTF_8);
      assertThat(key).isEqualTo(update.getAgentId());
      assertThat(record.partition())
          .as("partition of agent %s", key)
          .isEqualTo(defaultPartition(record.key(), 2));
      updatesByKeyAndRound.put(key + "/" + update.getRound(), update);
    }
    Map<String, ModelUpdate> expected =
        samples.stream()
            .map(KafkaRoundTripJobTest::expectedUpdate)
            .collect(Collectors.toMap(u -> u.getAgentId() + "/" + u.getRound(), u -> u));
    assertThat(updateRecords).hasSize(SAMPLE_COUNT);
    assertThat(updatesByKeyAndRound).isEqualTo(expected);

    List<ConsumerRecord<byte[], byte[]>> deadLetterRecords = readAll(DEAD_LETTER_TOPIC);
    assertThat(deadLetterRecords).hasSize(1);
    assertThat(deadLetterRecords.get(0).key()).isNull();
    DeadLetter deadLetter = AvroCodec.forDeadLetters().decode(deadLetterRecords.get(0).value());
    assertThat(deadLetter.getTopic()).isEqualTo(SAMPLES_TOPIC);
    assertThat(deadLetter.getPartition()).isEqualTo(1);
    assertThat(deadLetter.getOffset()).isEqualTo(badRecord.offset());
    assertThat(deadLetter.getTimestamp()).isEqualTo(Instant.ofEpochMilli(badRecord.timestamp()));
    assertThat(bytes(deadLetter.getKey())).isEqualTo("agent-9".getBytes(StandardCharsets.UTF_8));
    assertThat(bytes(deadLetter.getValue())).isEqualTo(NOT_AVRO);
    assertThat(deadLetter.getReason())
        .contains("Invalid SensorSample message")
        .contains("starts with 6E 6F")
        .contains("C3 01");
  }

  @Test
  void exactlyOnceSinkCommitsEveryRecord() throws Exception {
    AvroCodec<SensorSample> sampleCodec = AvroCodec.forSensorSamples();
    List<SensorSample> samples = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (int i = 0; i < SAMPLE_COUNT; i++) {
        SensorSample sample = sample(i);
        samples.add(sample);
        byte[] key = sample.getAgentId().getBytes(StandardCharsets.UTF_8);
        producer
            .send(new ProducerRecord<>(TRANSACTIONAL_SOURCE_TOPIC, key, sampleCodec.encode(sample)))
            .get();
      }
    }

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    // Transactions commit when a checkpoint completes, including the final one at end of input.
    env.enableCheckpointing(200);
    env.fromSource(
            KafkaSources.<SensorSample, Envelope>builder(SensorSample.class)
                .setBootstrapServers(broker.bootstrapServers())
                .setTopic(TRANSACTIONAL_SOURCE_TOPIC)
                .setGroupId("exactly-once-job")
                .setBounded(OffsetsInitializer.latest())
                .setMapper(new EnvelopeMapper(), TypeInformation.of(Envelope.class))
                .build(),
            WatermarkStrategy.noWatermarks(),
            "transactional samples")
        .sinkTo(
            KafkaSinks.<Envelope, ModelUpdate>builder(ModelUpdate.class)
                .setBootstrapServers(broker.bootstrapServers())
                .setTopic(TRANSACTIONAL_UPDATES_TOPIC)
                .setConverter(KafkaRoundTripJobTest::toModelUpdate)
                .setKeyExtractor(envelope -> envelope.agentId)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix("round-trip-test")
                .build());
    env.execute("Kafka exactly-once round trip");

    List<ModelUpdate> committed = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record :
        readAll(TRANSACTIONAL_UPDATES_TOPIC, "read_committed")) {
      committed.add(AvroCodec.forModelUpdates().decode(record.value()));
    }
    assertThat(committed)
        .containsExactlyInAnyOrderElementsOf(
            samples.stream().map(KafkaRoundTripJobTest::expectedUpdate).toList());
  }

  /** Returns the partition that Kafka's default partitioner picks for a non-null key. */
  private static int defaultPartition(byte[] key, int partitionCount) {
    return Utils.toPositive(Utils.murmur2(key)) % partitionCount;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] copy = new byte[buffer.remaining()];
    buffer.duplicate().get(copy);
    return copy;
  }
}
