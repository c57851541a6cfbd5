package io.resilientmtl.job.demo;

import io.resilientmtl.job.kafka.RecordConversions;
import io.resilientmtl.job.scenario.Scenario;
import io.resilientmtl.job.scenario.TimedSample;
import io.resilientmtl.learning.model.Sample;
import io.resilientmtl.schema.AgentModel;
import io.resilientmtl.schema.AvroCodec;
import io.resilientmtl.schema.AvroDecodingException;
import io.resilientmtl.schema.ModelUpdate;
import io.resilientmtl.schema.SensorSample;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a scenario into Kafka in lock-step with the job's output, so a run is reproducible from its
 * seed whatever the machine's speed.
 *
 * <p>Round i closes when a sample of a later round moves the watermark past it, and its deadline
 * passes when samples of round i + 2 arrive. So the pacer keeps the sample feed exactly two rounds
 * ahead of the last round that every normal agent has combined. That is far enough for round i + 1
 * to close, and not so far that its deadline passes before the neighbours' models arrive. If no
 * agent makes progress for {@code releaseAfter}, a neighbour is silent; the pacer then feeds one
 * more round, which moves the watermark past the deadline. Byzantine agents publish their models
 * for a round together with that round's samples.
 */
public final class LockStepPacer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LockStepPacer.class);

  private final Scenario scenario;
  private final String samplesTopic;
  private final String updatesTopic;
  private final Duration releaseAfter;
  private final Duration stallTimeout;
  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final AvroCodec<SensorSample> sampleCodec = AvroCodec.forSensorSamples();
  private final AvroCodec<ModelUpdate> updateCodec = AvroCodec.forModelUpdates();
  private final AvroCodec<AgentModel> modelCodec = AvroCodec.forAgentModels();
  private final long roundBase;

  private final Map<Integer, Map<String, AgentModel>> snapshots = new TreeMap<>();
  private final Map<String, double[]> honestModels = new HashMap<>();
  private final Set<String> normalAgents;

  /**
   * Creates a pacer with its own producer and consumer.
   *
   * @param releaseAfter time without progress after which one more round is fed
   * @param stallTimeout time without progress after which {@link #run} fails
   */
  public LockStepPacer(
      String bootstrapServers,
      Scenario scenario,
      String samplesTopic,
      String updatesTopic,
      String agentModelsTopic,
      Duration releaseAfter,
      Duration stallTimeout) {
    if (scenario.startMillis() % scenario.roundMillis() != 0) {
      throw new IllegalArgumentException(
          "Scenario start "
              + scenario.startMillis()
              + " ms must be a multiple of its round length "
              + scenario.roundMillis()
              + " ms, so that scenario rounds line up with the job's rounds.");
    }
    this.scenario = scenario;
    this.samplesTopic = samplesTopic;
    this.updatesTopic = updatesTopic;
    this.releaseAfter = releaseAfter;
    this.stallTimeout = stallTimeout;
    this.roundBase = scenario.startMillis() / scenario.roundMillis();
    this.normalAgents = new HashSet<>(scenario.normalAgents());

    Properties producerProps = new Properties();
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producer = new KafkaProducer<>(producerProps);

    Properties consumerProps = new Properties();
    consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer = new KafkaConsumer<>(consumerProps);
    List<TopicPartition> partitions = new ArrayList<>();
    consumer
        .partitionsFor(agentModelsTopic)
        .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /**
   * Feeds the scenario until every normal agent has published its snapshot of rounds 0 to {@code
   * rounds - 1}. The feed runs at most to the scenario's last round, and a round needs samples of
   * the next round to close, so {@code rounds} must be below the scenario's round count.
   *
   * @return the snapshots of the normal agents, by scenario round (0-based) and agent id
   * @throws TimeoutException if no round completes within the stall timeout
   */
  public Map<Integer, Map<String, AgentModel>> run(int rounds)
      throws TimeoutException, InterruptedException {
    if (rounds >= scenario.rounds()) {
      throw new IllegalArgumentException(
          "Cannot collect "
              + rounds
              + " rounds of a scenario with "
              + scenario.rounds()
              + ": the last round closes only when samples of a later round arrive.");
    }
    int completed = -1;
    int fed = -1;
    int released = 0;
    long lastProgress = System.nanoTime();
    while (completed < rounds - 1) {
      int feedUpTo = Math.min(completed + 2 + released, scenario.rounds() - 1);
      while (fed < feedUpTo) {
        fed++;
        feed(fed);
      }
      producer.flush();

      poll();
      int before = completed;
      while (isComplete(completed + 1)) {
        completed++;
      }
      long now = System.nanoTime();
      if (completed > before) {
        lastProgress = now;
        released = 0;
        if (completed % 50 == 0 || completed == rounds - 1) {
          LOG.info("Round {} of {} combined by all normal agents", completed + 1, rounds);
        }
        continue;
      }
      long stalled = now - lastProgress;
      if (stalled > stallTimeout.toNanos()) {
        int next = completed + 1;
        int done = snapshots.getOrDefault(next, Map.of()).size();
        throw new TimeoutException(
            "No round completed for "
                + stallTimeout.toSeconds()
                + " s: "
                + done
                + " of "
                + normalAgents.size()
                + " normal agents combined round "
                + next
                + ". Check the job's logs and its dead-letter topic.");
      }
      if (stalled > releaseAfter.toNanos() * (released + 1) && fed < scenario.rounds() - 1) {
        // A silent neighbour delays the round until its deadline, which one more round passes.
        released++;
      }
    }
    return snapshots;
  }

  private void feed(int round) {
    for (TimedSample timed : scenario.samples(round)) {
      Sample sample = timed.sample();
      SensorSample record =
          RecordConversions.toRecord(
              new io.resilientmtl.job.event.SampleEvent(
                  timed.agentId(),
                  timed.timestamp(),
                  sample.features(),
                  sample.targets(),
                  sample.label()));
      send(samplesTopic, timed.agentId(), timed.timestamp(), sampleCodec.encode(record));
    }
    long absoluteRound = roundBase + round;
    long roundEnd = (absoluteRound + 1) * scenario.roundMillis();
    for (String attacker : scenario.byzantineAgents()) {
      double[] parameters = scenario.byzantineModel(attacker, round, honestModels);
      if (parameters == null) {
        continue;
      }
      ModelUpdate update =
          ModelUpdate.newBuilder()
              .setAgentId(attacker)
              .setRound(absoluteRound)
              .setTimestamp(Instant.ofEpochMilli(roundEnd))
              .setModelKind(scenario.model().kind())
              .setParameters(RecordConversions.toList(parameters))
              .setSignature(null)
              .build();
      send(updatesTopic, attacker, roundEnd, updateCodec.encode(update));
    }
  }

  private void send(String topic, String key, long timestamp, byte[] value) {
    producer.send(
        new ProducerRecord<>(topic, null, timestamp, key.getBytes(StandardCharsets.UTF_8), value));
  }

  private void poll() {
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
      AgentModel model;
      try {
        model = modelCodec.decode(record.value());
      } catch (AvroDecodingException e) {
        LOG.warn(
            "Skipping undecodable agent model at {}-{} offset {}: {}",
            record.topic(),
            record.partition(),
            record.offset(),
            e.getMessage());
        continue;
      }
      if (!normalAgents.contains(model.getAgentId())) {
        continue;
      }
      int round = (int) (model.getRound() - roundBase);
      snapshots.computeIfAbsent(round, r -> new HashMap<>()).put(model.getAgentId(), model);
      honestModels.put(model.getAgentId(), RecordConversions.toArray(model.getParameters()));
    }
  }

  private boolean isComplete(int round) {
    return snapshots.getOrDefault(round, Map.of()).size() >= normalAgents.size();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
    consumer.close(Duration.ofSeconds(5));
  }
}
