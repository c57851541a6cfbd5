package io.resilientmtl.connectors;

import io.resilientmtl.schema.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes each stream element to one topic as an Avro single-object encoded value, keyed by the
 * agent id in UTF-8.
 *
 * <p>The producer's default partitioner hashes the key, so all records of one agent land in one
 * partition and keep their order. An element whose key extractor returns {@code null} is written
 * without a key. The Kafka record timestamp is the element's Flink timestamp, or the producer's
 * clock when the element has none or a negative one.
 *
 * @param <IN> element type of the stream
 * @param <T> Avro record type of the values
 */
public final class AvroRecordSerializationSchema<IN, T extends SpecificRecord>
    implements KafkaRecordSerializationSchema<IN> {

  private static final long serialVersionUID = 1L;

  private final String topic;
  private final Class<T> recordClass;
  private final SerializableFunction<IN, T> converter;
  private final SerializableFunction<IN, String> keyExtractor;

  private transient AvroCodec<T> codec;

  /**
   * Creates a schema for one topic.
   *
   * @param topic topic to write to
   * @param recordClass generated Avro class of the values
   * @param converter turns an element into the Avro record to write, never null
   * @param keyExtractor returns the agent id of an element, or null for a record without a key
   */
  public AvroRecordSerializationSchema(
      String topic,
      Class<T> recordClass,
      SerializableFunction<IN, T> converter,
      SerializableFunction<IN, String> keyExtractor) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.recordClass = Objects.requireNonNull(recordClass, "recordClass");
    this.converter = Objects.requireNonNull(converter, "converter");
    this.keyExtractor = Objects.requireNonNull(keyExtractor, "keyExtractor");
  }

  @Override
  public void open(
      SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
    codec = AvroCodec.of(recordClass);
  }

  /**
   * Converts and encodes one element.
   *
   * @throws NullPointerException if the converter returns null
   * @throws IllegalArgumentException if the converted record does not match its schema
   */
  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      IN element, KafkaSinkContext context, Long timestamp) {
    if (codec == null) {
      throw new IllegalStateException(
          "open() was not called before serialize(); Flink calls it when the sink starts");
    }
    T record = converter.apply(element);
    if (record == null) {
      throw new NullPointerException(
          "The converter for topic "
              + topic
              + " returned null instead of a "
              + recordClass.getSimpleName()
              + "; filter out elements that have no record before the sink");
    }
    String agentId = keyExtractor.apply(element);
    byte[] key = agentId == null ? null : agentId.getBytes(StandardCharsets.UTF_8);
    // Kafka rejects negative timestamps, and a record read without one carries -1 in Flink.
    Long kafkaTimestamp = timestamp == null || timestamp < 0 ? null : timestamp;
    return new ProducerRecord<>(topic, null, kafkaTimestamp, key, codec.encode(record));
  }
}
