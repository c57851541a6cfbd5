package io.resilientmtl.job.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.resilientmtl.connectors.EmbeddedKafkaBroker;
import io.resilientmtl.job.config.JobSettings;
import io.resilientmtl.job.kafka.KafkaJobFactory;
import io.resilientmtl.job.report.RoundMetrics;
import io.resilientmtl.job.report.RuleResult;
import io.resilientmtl.job.scenario.TargetLocalizationScenario;
import io.resilientmtl.job.scenario.TargetLocalizationScenario.Point;
import io.resilientmtl.job.simulate.InMemorySimulation;
import io.resilientmtl.schema.AvroCodec;
import io.resilientmtl.schema.DeadLetter;
import io.resilientmtl.schema.SensorSample;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job on an embedded Kafka broker and a Flink MiniCluster at parallelism 2: 12 agents in
 * 3 tasks, 2 of them Byzantine, target localization with μ = 0.1, ν = 0.1 and r0 = 10.
 */
class StreamingJobEndToEndTest {

  private static final int ROUNDS = 120;

  /** Rounds after which the accumulated losses have filtered the Byzantine agents out. */
  private static final int WARM_UP = 60;

  /** MSD that the loss-based rule reaches and no-cooperation does not (about 0.06 here). */
  private static final double MSD_THRESHOLD = 0.03;

  private static EmbeddedKafkaBroker broker;
  private static LocalFlinkCluster cluster;

  @TempDir static Path workDirectory;

  @BeforeAll
  static void startBrokerAndCluster() throws Exception {
    broker = EmbeddedKafkaBroker.start();
    cluster = LocalFlinkCluster.start(2);
  }

  @AfterAll
  static void stopBrokerAndCluster() throws Exception {
    cluster.close();
    broker.close();
  }

  private static TargetLocalizationScenario scenario() {
    return new TargetLocalizationScenario(
        TargetLocalizationScenario.Config.defaults().toBuilder()
            .agents(12)
            .targets(List.of(new Point(10, 10), new Point(10, 20), new Point(20, 10)))
            .byzantineAgents(2)
            .noisyDirectionAgents(1)
            .areaSide(1.0)
            .rounds(ROUNDS + 1)
            .seed(7)
            .build());
  }

  /**
   * Returns an experiment with the job settings that match {@code
   * InMemorySimulation.Settings.targetLocalization(rule, 3)}, plus {@code extra}.
   */
  private static StreamingExperiment targetLocalizationExperiment(Map<String, String> extra) {
    Map<String, String> settings =
        new HashMap<>(
            Map.of(
                "learning.model", "target-localization",
                "learning.step-size", "0.1",
                "learning.init", "uniform",
                "learning.init-seed", "3",
                "combine.forgetting-factor", "0.1",
                "combine.initial-score", "10"));
    settings.putAll(extra);
    return new StreamingExperiment(broker.bootstrapServers(), cluster, workDirectory, 2, settings);
  }

  @Test
  void lossBasedRuleLearnsThroughKafka() throws Exception {
    TargetLocalizationScenario scenario = scenario();
    StreamingExperiment experiment = targetLocalizationExperiment(Map.of());
    JobSettings settings = experiment.settings(scenario, "loss-based", "e2e");
    KafkaJobFactory.createTopics(settings, 2, (short) 1);
    RecordMetadata badSample =
        produce(settings.samplesTopic(), "a000", "not avro".getBytes(StandardCharsets.UTF_8));
    RecordMetadata badUpdate =
        produce(settings.updatesTopic(), "a001", new byte[] {(byte) 0xC3, 0x01, 0x00});
    // A sample from a clock a year ahead. Accepted, it would move event time a year forward and
    // make every agent run tens of millions of empty rounds, and the run would not end.
    SensorSample future =
        SensorSample.newBuilder()
            .setAgentId("a002")
            .setTimestamp(Instant.now().plus(Duration.ofDays(365)))
            .setFeatures(List.of(1.0, 2.0))
            .setTargets(List.of(3.0))
            .build();
    byte[] futureBytes = AvroCodec.forSensorSamples().encode(future);
    RecordMetadata futureSample = produce(settings.samplesTopic(), "a002", futureBytes);

    RuleResult streamed = experiment.run(scenario, "loss-based", "e2e", ROUNDS);

    assertThat(streamed.rounds()).hasSize(ROUNDS);
    RoundMetrics last = streamed.last().orElseThrow();
    assertThat(last.msd()).isLessThan(MSD_THRESHOLD);
    for (RoundMetrics round : streamed.rounds().subList(WARM_UP, ROUNDS)) {
      assertThat(round.byzantineWeight())
          .as("Byzantine weight in round %d", round.round())
          .isZero();
    }

    // The streaming job computes exactly what the in-memory simulation computes.
    InMemorySimulation.Result simulated =
        new InMemorySimulation(
                scenario, InMemorySimulation.Settings.targetLocalization("loss-based", 3))
            .run(ROUNDS);
    assertThat(last.msd()).isCloseTo(simulated.metrics().last().orElseThrow().msd(), within(1e-9));

    InMemorySimulation.Result alone =
        new InMemorySimulation(
                scenario, InMemorySimulation.Settings.targetLocalization("no-cooperation", 3))
            .run(ROUNDS);
    assertThat(alone.metrics().last().orElseThrow().msd()).isGreaterThan(MSD_THRESHOLD);

    List<DeadLetter> letters = deadLetters(settings.deadLetterTopic(), 3);
    assertThat(letters).hasSize(3);
    // Each dead letter names the topic, partition and offset of the record it stands for.
    DeadLetter sampleLetter = letterFor(letters, settings.samplesTopic(), badSample);
    assertThat(sampleLetter.getReason()).startsWith("undecodable sensor sample: ");
    DeadLetter updateLetter = letterFor(letters, settings.updatesTopic(), badUpdate);
    assertThat(updateLetter.getReason()).startsWith("undecodable model update: ");
    DeadLetter futureLetter = letterFor(letters, settings.samplesTopic(), futureSample);
    assertThat(futureLetter.getReason())
        .startsWith("sensor sample stamped ")
        .contains("ahead of this machine's clock, more than watermarks.max-future (3600 s)");
    assertThat(futureLetter.getAgentId()).isEqualTo("a002");
    assertThat(futureLetter.getValue()).isEqualTo(ByteBuffer.wrap(futureBytes));
  }

  @Test
  void scoreWindowAndWarmUpMatchSimulation() throws Exception {
    TargetLocalizationScenario scenario = scenario();
    StreamingExperiment experiment =
        targetLocalizationExperiment(
            Map.of("combine.score-window", "4", "combine.warm-up-rounds", "3"));

    RuleResult streamed = experiment.run(scenario, "loss-based", "e2e-window", ROUNDS);

    InMemorySimulation.Settings windowed =
        InMemorySimulation.Settings.targetLocalization("loss-based", 3)
            .withScoreWindow(4)
            .withWarmUpRounds(3);
    List<RoundMetrics> simulated =
        new InMemorySimulation(scenario, windowed).run(ROUNDS).metrics().rounds();
    assertThat(streamed.rounds()).hasSize(ROUNDS);
    for (int round = 0; round < ROUNDS; round++) {
      assertThat(streamed.rounds().get(round).msd())
          .as("MSD in round %d", round)
          .isCloseTo(simulated.get(round).msd(), within(1e-9));
    }
    // In rounds 0 to 2 every agent keeps its own model, as without cooperation; from round 3 on
    // the agents combine.
    List<RoundMetrics> alone =
        new InMemorySimulation(
                scenario, InMemorySimulation.Settings.targetLocalization("no-cooperation", 3))
            .run(ROUNDS)
            .metrics()
            .rounds();
    for (int round = 0; round < 3; round++) {
      assertThat(streamed.rounds().get(round).msd())
          .as("MSD in warm-up round %d", round)
          .isCloseTo(alone.get(round).msd(), within(1e-12));
    }
    assertThat(Math.abs(streamed.rounds().get(3).msd() - alone.get(3).msd())).isGreaterThan(1e-6);
    // The window changes the samples the rule scores on, so the run differs from a one-round
    // window.
    double oneRound =
        new InMemorySimulation(
                scenario,
                InMemorySimulation.Settings.targetLocalization("loss-based", 3).withWarmUpRounds(3))
            .run(ROUNDS)
            .metrics()
            .last()
            .orElseThrow()
            .msd();
    assertThat(Math.abs(streamed.last().orElseThrow().msd() - oneRound)).isGreaterThan(1e-6);
  }

  @Test
  void missingTopicsFailBeforeSubmission() throws Exception {
    StreamingExperiment experiment =
        new StreamingExperiment(broker.bootstrapServers(), cluster, workDirectory, 2, Map.of());
    JobSettings settings = experiment.settings(scenario(), "average", "never-created");

    assertThatThrownBy(() -> KafkaJobFactory.requireTopics(settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Missing Kafka topics [never-created.average.samples, never-created.average.model-updates,"
                + " never-created.average.agent-models, never-created.average.dead-letter] at "
                + broker.bootstrapServers()
                + ": create them, or pass --create-topics PARTITIONS to create them.");
  }

  private static RecordMetadata produce(String topic, String key, byte[] value) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      return producer
          .send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value))
          .get();
    }
  }

  /** Returns the dead letter of the record at {@code origin} of {@code topic}, failing if none. */
  private static DeadLetter letterFor(
      List<DeadLetter> letters, String topic, RecordMetadata origin) {
    return letters.stream()
        .filter(letter -> topic.equals(letter.getTopic()))
        .filter(letter -> Objects.equals(letter.getPartition(), origin.partition()))
        .filter(letter -> Objects.equals(letter.getOffset(), origin.offset()))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "No dead letter for "
                        + topic
                        + "-"
                        + origin.partition()
                        + "@"
                        + origin.offset()
                        + " among "
                        + letters));
  }

  private static List<DeadLetter> deadLetters(String topic, int expected) throws Exception {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    AvroCodec<DeadLetter> codec = AvroCodec.forDeadLetters();
    List<DeadLetter> letters = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(topic)
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (letters.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          letters.add(codec.decode(record.value()));
        }
      }
    }
    return letters;
  }
}
