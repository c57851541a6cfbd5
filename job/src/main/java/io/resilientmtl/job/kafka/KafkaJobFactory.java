package io.resilientmtl.job.kafka;

import io.resilientmtl.connectors.KafkaSinks;
import io.resilientmtl.connectors.KafkaSources;
import io.resilientmtl.connectors.TopicAdmin;
import io.resilientmtl.connectors.TopicSpec;
import io.resilientmtl.job.config.JobSettings;
import io.resilientmtl.job.event.AgentSnapshot;
import io.resilientmtl.job.event.DeadLetterEvent;
import io.resilientmtl.job.event.Inbound;
import io.resilientmtl.job.event.UpdateEvent;
import io.resilientmtl.job.pipeline.ResilientLearningJob;
import io.resilientmtl.job.topology.Topology;
import io.resilientmtl.schema.AgentModel;
import io.resilientmtl.schema.DeadLetter;
import io.resilientmtl.schema.ModelUpdate;
import io.resilientmtl.schema.SensorSample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;

/** Builds the streaming job on Kafka topics: Avro sources and sinks from the job settings. */
public final class KafkaJobFactory {

  private KafkaJobFactory() {}

  /** Creates the job reading and writing the topics named in {@code settings}. */
  public static ResilientLearningJob create(JobSettings settings, Topology topology) {
    String bootstrap = settings.requireBootstrapServers();
    Map<String, String> properties = clientProperties(settings);
    TypeInformation<Inbound> inbound = TypeInformation.of(Inbound.class);

    KafkaSource<Inbound> samples =
        KafkaSources.<SensorSample, Inbound>builder(SensorSample.class)
            .setBootstrapServers(bootstrap)
            .setTopic(settings.samplesTopic())
            .setGroupId(settings.groupId())
            .setProperties(properties)
            .setMapper(new InboundMappers.Samples(settings.maxFutureMillis()), inbound)
            .build();
    KafkaSource<Inbound> updates =
        KafkaSources.<ModelUpdate, Inbound>builder(ModelUpdate.class)
            .setBootstrapServers(bootstrap)
            .setTopic(settings.updatesTopic())
            .setGroupId(settings.groupId())
            .setProperties(properties)
            .setMapper(new InboundMappers.Updates(), inbound)
            .build();

    KafkaSink<UpdateEvent> updatesSink =
        KafkaSinks.<UpdateEvent, ModelUpdate>builder(ModelUpdate.class)
            .setBootstrapServers(bootstrap)
            .setTopic(settings.updatesTopic())
            .setConverter(RecordConversions::toRecord)
            .setKeyExtractor(update -> update.sender)
            .setProperties(properties)
            .build();
    KafkaSink<AgentSnapshot> agentModelsSink =
        KafkaSinks.<AgentSnapshot, AgentModel>builder(AgentModel.class)
            .setBootstrapServers(bootstrap)
            .setTopic(settings.agentModelsTopic())
            .setConverter(RecordConversions::toRecord)
            .setKeyExtractor(snapshot -> snapshot.agentId)
            .setProperties(properties)
            .build();
    KafkaSink<DeadLetterEvent> deadLetterSink =
        KafkaSinks.<DeadLetterEvent, DeadLetter>builder(DeadLetter.class)
            .setBootstrapServers(bootstrap)
            .setTopic(settings.deadLetterTopic())
            .setConverter(RecordConversions::toRecord)
            .setKeyExtractor(letter -> letter.agentId == null ? "" : letter.agentId)
            .setProperties(properties)
            .build();

    return new ResilientLearningJob(
        settings, topology, samples, updates, updatesSink, agentModelsSink, deadLetterSink);
  }

  /**
   * Creates the job's four topics where missing, with unlimited retention because replayed data
   * carries old event timestamps.
   *
   * @return the names of the topics that were created
   */
  public static Set<String> createTopics(
      JobSettings settings, int partitions, short replicationFactor) {
    List<TopicSpec> topics = new ArrayList<>();
    for (String name :
        List.of(
            settings.samplesTopic(),
            settings.updatesTopic(),
            settings.agentModelsTopic(),
            settings.deadLetterTopic())) {
      topics.add(
          TopicSpec.of(name, partitions)
              .withReplicationFactor(replicationFactor)
              .withConfig("retention.ms", "-1"));
    }
    try (TopicAdmin admin =
        TopicAdmin.create(
            settings.requireBootstrapServers(),
            clientProperties(settings),
            TopicAdmin.DEFAULT_TIMEOUT)) {
      return admin.ensureTopics(topics);
    }
  }

  /**
   * Checks that the job's four topics exist.
   *
   * @throws IllegalArgumentException naming the missing topics, or the broker when it cannot be
   *     reached within the admin client's timeout
   */
  public static void requireTopics(JobSettings settings) {
    List<String> wanted =
        List.of(
            settings.samplesTopic(),
            settings.updatesTopic(),
            settings.agentModelsTopic(),
            settings.deadLetterTopic());
    Set<String> existing;
    try (TopicAdmin admin =
        TopicAdmin.create(
            settings.requireBootstrapServers(),
            clientProperties(settings),
            TopicAdmin.DEFAULT_TIMEOUT)) {
      existing = admin.listTopics();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "Cannot list the topics of the Kafka cluster named by kafka.bootstrap-servers: "
              + e.getMessage(),
          e);
    }
    List<String> missing = new ArrayList<>();
    for (String topic : wanted) {
      if (!existing.contains(topic)) {
        missing.add(topic);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "Missing Kafka topics "
              + missing
              + " at "
              + settings.bootstrapServers()
              + ": create them, or pass --create-topics PARTITIONS to create them.");
    }
  }

  private static Map<String, String> clientProperties(JobSettings settings) {
    Map<String, String> properties = new HashMap<>();
    settings
        .kafkaProperties()
        .forEach((key, value) -> properties.put((String) key, (String) value));
    return properties;
  }
}
