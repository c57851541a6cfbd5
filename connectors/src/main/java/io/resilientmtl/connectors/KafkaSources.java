package io.resilientmtl.connectors;

import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Builds Flink {@link KafkaSource}s that read one topic of Avro single-object encoded records and
 * map them with a {@link DecodedRecordMapper}.
 *
 * <p>Minimal example, which starts from the group's committed offsets or else from the earliest
 * offset and reads forever:
 *
 * <pre>{@code
 * KafkaSource<Sample> source =
 *     KafkaSources.<SensorSample, Sample>builder(SensorSample.class)
 *         .setBootstrapServers("127.0.0.1:9092")
 *         .setTopic("sensor-samples")
 *         .setGroupId("resilient-mtl")
 *         .setMapper(new SampleMapper(), TypeInformation.of(Sample.class))
 *         .build();
 * }</pre>
 *
 * <p>Full example, which reads from the earliest offset up to the offsets current at job start,
 * over TLS:
 *
 * <pre>{@code
 * KafkaSource<Sample> source =
 *     KafkaSources.<SensorSample, Sample>builder(SensorSample.class)
 *         .setBootstrapServers("127.0.0.1:9093")
 *         .setTopic("sensor-samples")
 *         .setGroupId("resilient-mtl-replay")
 *         .setStartingOffsets(OffsetsInitializer.earliest())
 *         .setBounded(OffsetsInitializer.latest())
 *         .setProperty("security.protocol", "SSL")
 *         .setProperty("ssl.truststore.location", "/etc/mtl/truststore.p12")
 *         .setMapper(new SampleMapper(), TypeInformation.of(Sample.class))
 *         .build();
 * }</pre>
 */
public final class KafkaSources {

  private KafkaSources() {}

  /**
   * Returns a builder for a source of one record type.
   *
   * @param recordClass generated Avro class of the record values
   * @param <T> Avro record type
   * @param <OUT> element type of the source, produced by the mapper
   */
  public static <T extends SpecificRecord, OUT> Builder<T, OUT> builder(Class<T> recordClass) {
    return new Builder<>(recordClass);
  }

  /**
   * Options of a source. Required: bootstrap servers, topic, group id and mapper. The defaults are
   * set in the constructor.
   *
   * @param <T> Avro record type
   * @param <OUT> element type of the source
   */
  public static final class Builder<T extends SpecificRecord, OUT> {

    private final Class<T> recordClass;
    private String bootstrapServers;
    private String topic;
    private String groupId;
    private OffsetsInitializer startingOffsets;
    private OffsetsInitializer stoppingOffsets;
    private final Properties consumerProperties;
    private DecodedRecordMapper<T, OUT> mapper;
    private TypeInformation<OUT> producedType;

    private Builder(Class<T> recordClass) {
      this.recordClass = Objects.requireNonNull(recordClass, "recordClass");
      this.bootstrapServers = null;
      this.topic = null;
      this.groupId = null;
      this.startingOffsets = committedOffsetsOrEarliest();
      this.stoppingOffsets = null;
      this.consumerProperties = new Properties();
      this.mapper = null;
      this.producedType = null;
    }

    /** Sets the cluster to read from, as {@code host:port[,host:port...]}. Required. */
    public Builder<T, OUT> setBootstrapServers(String bootstrapServers) {
      this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
      return this;
    }

    /** Sets the topic to read. Required. */
    public Builder<T, OUT> setTopic(String topic) {
      this.topic = Objects.requireNonNull(topic, "topic");
      return this;
    }

    /** Sets the consumer group, whose committed offsets the default starting offsets use. */
    public Builder<T, OUT> setGroupId(String groupId) {
      this.groupId = Objects.requireNonNull(groupId, "groupId");
      return this;
    }

    /**
     * Sets where reading starts in each partition. Default: the group's committed offsets, or the
     * earliest offset for partitions without one. A restore from a checkpoint or savepoint uses the
     * offsets stored there instead.
     */
    public Builder<T, OUT> setStartingOffsets(OffsetsInitializer startingOffsets) {
      this.startingOffsets = Objects.requireNonNull(startingOffsets, "startingOffsets");
      return this;
    }

    /**
     * Makes the source bounded: each partition is read up to these offsets and then the source
     * finishes. Default: unbounded.
     */
    public Builder<T, OUT> setBounded(OffsetsInitializer stoppingOffsets) {
      this.stoppingOffsets = Objects.requireNonNull(stoppingOffsets, "stoppingOffsets");
      return this;
    }

    /**
     * Sets a Kafka consumer property, for example {@code security.protocol}.
     *
     * @throws IllegalArgumentException if the key is set by a dedicated option or by the source
     *     itself
     */
    public Builder<T, OUT> setProperty(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      checkNotReserved(key);
      consumerProperties.setProperty(key, value);
      return this;
    }

    /** Sets several Kafka consumer properties, as {@link #setProperty} does. */
    public Builder<T, OUT> setProperties(Map<String, String> properties) {
      Objects.requireNonNull(properties, "properties").forEach(this::setProperty);
      return this;
    }

    /**
     * Sets the mapper that turns decoded records and decoding failures into elements. Required.
     *
     * @param mapper serializable mapper, called once per consumed record
     * @param producedType Flink type of the elements the mapper returns
     */
    public Builder<T, OUT> setMapper(
        DecodedRecordMapper<T, OUT> mapper, TypeInformation<OUT> producedType) {
      this.mapper = Objects.requireNonNull(mapper, "mapper");
      this.producedType = Objects.requireNonNull(producedType, "producedType");
      return this;
    }

    /**
     * Builds the source.
     *
     * @throws IllegalStateException if a required option is missing or blank
     */
    public KafkaSource<OUT> build() {
      requireText(bootstrapServers, "Bootstrap servers", "setBootstrapServers(\"host:port\")");
      requireText(topic, "Topic", "setTopic(name)");
      requireText(groupId, "Group id", "setGroupId(id)");
      if (mapper == null) {
        throw new IllegalStateException(
            "Mapper is not set; call setMapper(mapper, producedType) with a DecodedRecordMapper");
      }

      KafkaSourceBuilder<OUT> builder =
          KafkaSource.<OUT>builder()
              .setBootstrapServers(bootstrapServers)
              .setTopics(topic)
              .setGroupId(groupId)
              .setStartingOffsets(startingOffsets)
              .setProperties(consumerProperties)
              .setDeserializer(
                  new AvroRecordDeserializationSchema<>(recordClass, mapper, producedType));
      if (stoppingOffsets != null) {
        builder.setBounded(stoppingOffsets);
      }
      return builder.build();
    }

    @SuppressWarnings("deprecation") // Flink's OffsetsInitializer API still takes this enum.
    private static OffsetsInitializer committedOffsetsOrEarliest() {
      return OffsetsInitializer.committedOffsets(
          org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST);
    }

    private static void checkNotReserved(String key) {
      String option =
          switch (key) {
            case ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG -> "setBootstrapServers";
            case ConsumerConfig.GROUP_ID_CONFIG -> "setGroupId";
            case ConsumerConfig.AUTO_OFFSET_RESET_CONFIG -> "setStartingOffsets";
            default -> null;
          };
      if (option != null) {
        throw new IllegalArgumentException(
            "Consumer property '" + key + "' has a dedicated option; call " + option + " instead");
      }
      if (key.equals(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG)
          || key.equals(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG)) {
        throw new IllegalArgumentException(
            "Consumer property '"
                + key
                + "' cannot be set: the source reads keys and values as bytes and decodes them"
                + " with AvroRecordDeserializationSchema");
      }
    }
  }

  static void requireText(String value, String option, String setter) {
    if (value == null) {
      throw new IllegalStateException(option + " is not set; call " + setter);
    }
    if (value.isBlank()) {
      throw new IllegalStateException(option + " is blank; call " + setter + " with a value");
    }
  }
}
