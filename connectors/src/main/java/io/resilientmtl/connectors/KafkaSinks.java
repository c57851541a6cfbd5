package io.resilientmtl.connectors;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Builds Flink {@link KafkaSink}s that write stream elements to one topic as Avro single-object
 * encoded records keyed by agent id, through {@link AvroRecordSerializationSchema}.
 *
 * <p>Minimal example, with at-least-once delivery:
 *
 * <pre>{@code
 * KafkaSink<LocalStep> sink =
 *     KafkaSinks.<LocalStep, ModelUpdate>builder(ModelUpdate.class)
 *         .setBootstrapServers("127.0.0.1:9092")
 *         .setTopic("model-updates")
 *         .setConverter(LocalStep::toModelUpdate)
 *         .setKeyExtractor(LocalStep::agentId)
 *         .build();
 * }</pre>
 *
 * <p>Full example, with exactly-once delivery through Kafka transactions and compression:
 *
 * <pre>{@code
 * KafkaSink<LocalStep> sink =
 *     KafkaSinks.<LocalStep, ModelUpdate>builder(ModelUpdate.class)
 *         .setBootstrapServers("127.0.0.1:9093")
 *         .setTopic("model-updates")
 *         .setConverter(LocalStep::toModelUpdate)
 *         .setKeyExtractor(LocalStep::agentId)
 *         .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
 *         .setTransactionalIdPrefix("resilient-mtl-model-updates")
 *         .setProperty("compression.type", "lz4")
 *         .setProperty("security.protocol", "SSL")
 *         .build();
 * }</pre>
 *
 * <p>With {@code EXACTLY_ONCE}, consumers see the records only after the checkpoint that covers
 * them completes, and only if they read with {@code isolation.level=read_committed}.
 */
public final class KafkaSinks {

  /**
   * Transaction timeout for {@code EXACTLY_ONCE} unless {@code transaction.timeout.ms} is set.
   * Flink's KafkaSinkBuilder (connector 5.0.0-2.2) defaults to one hour, which brokers reject
   * unless their {@code transaction.max.timeout.ms} is raised from Kafka's default of 15 minutes.
   */
  public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

  private KafkaSinks() {}

  /**
   * Returns a builder for a sink of one record type.
   *
   * @param recordClass generated Avro class of the written values
   * @param <IN> element type of the stream
   * @param <T> Avro record type
   */
  public static <IN, T extends SpecificRecord> Builder<IN, T> builder(Class<T> recordClass) {
    return new Builder<>(recordClass);
  }

  /**
   * Options of a sink. Required: bootstrap servers, topic, converter and key extractor. The
   * defaults are set in the constructor.
   *
   * @param <IN> element type of the stream
   * @param <T> Avro record type
   */
  public static final class Builder<IN, T extends SpecificRecord> {

    private final Class<T> recordClass;
    private String bootstrapServers;
    private String topic;
    private SerializableFunction<IN, T> converter;
    private SerializableFunction<IN, String> keyExtractor;
    private DeliveryGuarantee deliveryGuarantee;
    private String transactionalIdPrefix;
    private final Properties producerProperties;

    private Builder(Class<T> recordClass) {
      this.recordClass = Objects.requireNonNull(recordClass, "recordClass");
      this.bootstrapServers = null;
      this.topic = null;
      this.converter = null;
      this.keyExtractor = null;
      this.deliveryGuarantee = DeliveryGuarantee.AT_LEAST_ONCE;
      this.transactionalIdPrefix = null;
      this.producerProperties = new Properties();
    }

    /** Sets the cluster to write to, as {@code host:port[,host:port...]}. Required. */
    public Builder<IN, T> setBootstrapServers(String bootstrapServers) {
      this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
      return this;
    }

    /** Sets the topic to write to. Required. */
    public Builder<IN, T> setTopic(String topic) {
      this.topic = Objects.requireNonNull(topic, "topic");
      return this;
    }

    /**
     * Sets the function that turns an element into the Avro record to write. Required. It must not
     * return null, so filter out elements that have no record before the sink.
     */
    public Builder<IN, T> setConverter(SerializableFunction<IN, T> converter) {
      this.converter = Objects.requireNonNull(converter, "converter");
      return this;
    }

    /**
     * Sets the function that returns an element's agent id, written as the UTF-8 record key. It may
     * return null for a record without a key. Required.
     */
    public Builder<IN, T> setKeyExtractor(SerializableFunction<IN, String> keyExtractor) {
      this.keyExtractor = Objects.requireNonNull(keyExtractor, "keyExtractor");
      return this;
    }

    /** Sets the delivery guarantee. Default: {@link DeliveryGuarantee#AT_LEAST_ONCE}. */
    public Builder<IN, T> setDeliveryGuarantee(DeliveryGuarantee deliveryGuarantee) {
      this.deliveryGuarantee = Objects.requireNonNull(deliveryGuarantee, "deliveryGuarantee");
      return this;
    }

    /**
     * Sets the prefix of the Kafka transactional ids. Required for {@link
     * DeliveryGuarantee#EXACTLY_ONCE}, where it must be unique among the jobs that write to the
     * same cluster, and ignored otherwise.
     */
    public Builder<IN, T> setTransactionalIdPrefix(String transactionalIdPrefix) {
      this.transactionalIdPrefix =
          Objects.requireNonNull(transactionalIdPrefix, "transactionalIdPrefix");
      return this;
    }

    /**
     * Sets a Kafka producer property, for example {@code compression.type}.
     *
     * @throws IllegalArgumentException if the key is set by a dedicated option or by the sink
     *     itself
     */
    public Builder<IN, T> setProperty(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      checkNotReserved(key);
      producerProperties.setProperty(key, value);
      return this;
    }

    /** Sets several Kafka producer properties, as {@link #setProperty} does. */
    public Builder<IN, T> setProperties(Map<String, String> properties) {
      Objects.requireNonNull(properties, "properties").forEach(this::setProperty);
      return this;
    }

    /**
     * Builds the sink.
     *
     * @throws IllegalStateException if a required option is missing or blank
     */
    public KafkaSink<IN> build() {
      KafkaSources.requireText(
          bootstrapServers, "Bootstrap servers", "setBootstrapServers(\"host:port\")");
      KafkaSources.requireText(topic, "Topic", "setTopic(name)");
      if (converter == null) {
        throw new IllegalStateException(
            "Converter is not set; call setConverter(element -> avroRecord)");
      }
      if (keyExtractor == null) {
        throw new IllegalStateException(
            "Key extractor is not set; call setKeyExtractor(element -> agentId)");
      }

      Properties properties = new Properties();
      properties.putAll(producerProperties);
      KafkaSinkBuilder<IN> builder =
          KafkaSink.<IN>builder()
              .setBootstrapServers(bootstrapServers)
              .setDeliveryGuarantee(deliveryGuarantee)
              .setRecordSerializer(
                  new AvroRecordSerializationSchema<>(topic, recordClass, converter, keyExtractor));
      if (deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE) {
        KafkaSources.requireText(
            transactionalIdPrefix,
            "Transactional id prefix (needed for EXACTLY_ONCE)",
            "setTransactionalIdPrefix(prefix)");
        builder.setTransactionalIdPrefix(transactionalIdPrefix);
        properties.putIfAbsent(
            ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
            Long.toString(DEFAULT_TRANSACTION_TIMEOUT.toMillis()));
      }
      return builder.setKafkaProducerConfig(properties).build();
    }

    private static void checkNotReserved(String key) {
      if (key.equals(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
        throw new IllegalArgumentException(
            "Producer property '" + key + "' has a dedicated option; call setBootstrapServers");
      }
      if (key.equals(ProducerConfig.TRANSACTIONAL_ID_CONFIG)) {
        throw new IllegalArgumentException(
            "Producer property '"
                + key
                + "' cannot be set: the sink derives transactional ids from the prefix given to"
                + " setTransactionalIdPrefix");
      }
      if (key.equals(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG)
          || key.equals(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG)) {
        throw new IllegalArgumentException(
            "Producer property '"
                + key
                + "' cannot be set: the sink writes keys and values as bytes encoded by"
                + " AvroRecordSerializationSchema");
      }
    }
  }
}
