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
 * to close, and not so far that its deadline passes before the neighbours' models arrive.
 *
 * <p>An agent with a silent Byzantine in-neighbour waits for the deadline. The pacer then feeds one
 * more round, but only once every other agent has combined the round and every normal agent's model
 * of the round is on the update topic. The agents waiting for the deadline then combine exactly the
 * models that the algorithm gives them. Byzantine agents publish their models for a round together
 * with that round's samples.
 */
public final class LockStepPacer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LockStepPacer.class);

  /** Time without progress after which the pacer checks that the job is still running. */
  private static final Duration HEALTH_CHECK_AFTER = Duration.ofSeconds(1);

  private final Scenario scenario;
  private final String samplesTopic;
  private final String updatesTopic;
  private final Duration stallTimeout;
  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final KafkaConsumer<byte[], byte[]> updatesConsumer;
  private final AvroCodec<SensorSample> sampleCodec = AvroCodec.forSensorSamples();
  private final AvroCodec<ModelUpdate> updateCodec = AvroCodec.forModelUpdates();
  private final AvroCodec<AgentModel> modelCodec = AvroCodec.forAgentModels();
  private final long roundBase;

  private final Map<Integer, Map<String, AgentModel>> snapshots = new TreeMap<>();
  private final Map<String, double[]> honestModels = new HashMap<>();
  private final Set<String> normalAgents;
  private final Map<Integer, Set<String>> silentByRound = new HashMap<>();
  private final Map<Integer, Set<String>> publishedByRound = new HashMap<>();

  /**
   * Creates a pacer with its own producer and consumer.
   *
   * @param stallTimeout time without progress after which {@link #run} fails
   */
  public LockStepPacer(
      String bootstrapServers,
      Scenario scenario,
      String samplesTopic,
      String updatesTopic,
      String agentModelsTopic,
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
    this.stallTimeout = stallTimeout;
    this.roundBase = scenario.startMillis() / scenario.roundMillis();
    this.normalAgents = new HashSet<>(scenario.normalAgents());

    Properties producerProps = new Properties();
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    // One request in flight: a retried batch can then never land behind later ones, which an
    // idempotent producer reports as an out-of-order sequence and retries without end.
    producerProps.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    producer = new KafkaProducer<>(producerProps);

    Properties consumerProps = new Properties();
    consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer = subscribeFromStart(consumerProps, agentModelsTopic);
    updatesConsumer = subscribeFromStart(consumerProps, updatesTopic);
  }

  private static KafkaConsumer<byte[], byte[]> subscribeFromStart(Properties props, String topic) {
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props);
    List<TopicPartition> partitions = new ArrayList<>();
    consumer
        .partitionsFor(topic)
        .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }

  /**
   * Feeds the scenario until every normal agent has published its snapshot of rounds 0 to {@code
   * rounds - 1}. The feed runs at most to the scenario's last round, and a round needs samples of
   * the next round to close, so {@code rounds} must be below the scenario's round count.
   *
   * @param healthCheck called while no round completes; throws when the job has failed
   * @return the snapshots of the normal agents, by scenario round (0-based) and agent id
   * @throws TimeoutException if no round completes within the stall timeout
   */
  public Map<Integer, Map<String, AgentModel>> run(int rounds, Runnable healthCheck)
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
      if (stalled > HEALTH_CHECK_AFTER.toNanos()) {
        healthCheck.run();
      }
      if (released == 0 && fed < scenario.rounds() - 1 && onlySilenceBlocks(completed + 1)) {
        // The remaining agents wait for the deadline of a silent neighbour; one more round passes
        // it.
        released = 1;
        continue;
      }
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
        silentByRound.computeIfAbsent(round, r -> new HashSet<>()).add(attacker);
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

  /**
   * Returns whether the only agents that have not combined {@code round} are agents with a silent
   * in-neighbour in that round, and every normal agent's model of the round is on the update topic.
   */
  private boolean onlySilenceBlocks(int round) {
    Set<String> silent = silentByRound.getOrDefault(round, Set.of());
    if (silent.isEmpty()
        || publishedByRound.getOrDefault(round, Set.of()).size() < normalAgents.size()) {
      return false;
    }
    Set<String> combined = snapshots.getOrDefault(round, Map.of()).keySet();
    boolean anyWaiting = false;
    for (String agent : normalAgents) {
      if (combined.contains(agent)) {
        continue;
      }
      anyWaiting = true;
      boolean hasSilentNeighbour = false;
      for (String neighbour : scenario.topology().inNeighbours(agent)) {
        hasSilentNeighbour |= silent.contains(neighbour);
      }
      if (!hasSilentNeighbour) {
        return false;
      }
    }
    return anyWaiting;
  }

  private void send(String topic, String key, long timestamp, byte[] value) {
    producer.send(
        new ProducerRecord<>(topic, null, timestamp, key.getBytes(StandardCharsets.UTF_8), value));
  }

  private void poll() {
    for (ConsumerRecord<byte[], byte[]> record : updatesConsumer.poll(Duration.ZERO)) {
      try {
        ModelUpdate update = updateCodec.decode(record.value());
        if (normalAgents.contains(update.getAgentId())) {
          int round = (int) (update.getRound() - roundBase);
          publishedByRound.computeIfAbsent(round, r -> new HashSet<>()).add(update.getAgentId());
        }
      } catch (AvroDecodingException e) {
        // Not ours: the job reports undecodable updates on its dead-letter topic.
      }
    }
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
    updatesConsumer.close(Duration.ofSeconds(5));
  }
}
