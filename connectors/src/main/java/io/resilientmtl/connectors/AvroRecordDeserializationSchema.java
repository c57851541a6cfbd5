package io.resilientmtl.connectors;

import io.resilientmtl.schema.AvroCodec;
import io.resilientmtl.schema.AvroDecodingException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes Kafka record values written in the Avro single-object encoding and hands each result to a
 * {@link DecodedRecordMapper}.
 *
 * <p>A value that is null, not single-object encoded, written with an unknown schema, or truncated
 * goes to {@link DecodedRecordMapper#onFailure} with the decoder's message instead of failing the
 * job, and it is dropped only if the mapper returns {@code null}. The subtask counts these records
 * in the metric {@value #UNDECODABLE_RECORDS_METRIC} and logs them at most once per minute at WARN,
 * with the count and the latest one.
 *
 * @param <T> Avro record type of the values
 * @param <OUT> element type of the source
 */
public final class AvroRecordDeserializationSchema<T extends SpecificRecord, OUT>
    implements KafkaRecordDeserializationSchema<OUT> {

  /** Name of the counter of records that went to {@link DecodedRecordMapper#onFailure}. */
  public static final String UNDECODABLE_RECORDS_METRIC = "undecodableRecords";

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(AvroRecordDeserializationSchema.class);
  private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final Class<T> recordClass;
  private final DecodedRecordMapper<T, OUT> mapper;
  private final TypeInformation<OUT> producedType;

  private transient AvroCodec<T> codec;
  private transient Counter undecodableRecords;
  private transient long failuresSinceLastLog;
  private transient long lastFailureLogNanos;
  private transient boolean failureLogged;

  /**
   * Creates a schema for one record type.
   *
   * @param recordClass generated Avro class of the values
   * @param mapper maps decoded records and failures to elements
   * @param producedType Flink type of the elements the mapper returns
   */
  public AvroRecordDeserializationSchema(
      Class<T> recordClass, DecodedRecordMapper<T, OUT> mapper, TypeInformation<OUT> producedType) {
    this.recordClass = Objects.requireNonNull(recordClass, "recordClass");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.producedType = Objects.requireNonNull(producedType, "producedType");
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    codec = AvroCodec.of(recordClass);
    undecodableRecords = context.getMetricGroup().counter(UNDECODABLE_RECORDS_METRIC);
    mapper.open(context.getMetricGroup());
    failuresSinceLastLog = 0;
    failureLogged = false;
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<OUT> out) {
    if (codec == null) {
      throw new IllegalStateException(
          "open() was not called before deserialize(); Flink calls it when the source starts");
    }
    RecordOrigin origin =
        new RecordOrigin(record.topic(), record.partition(), record.offset(), record.timestamp());
    byte[] value = record.value();
    OUT element;
    if (value == null) {
      element =
          failure(
              "Record value is null, expected an Avro single-object encoded "
                  + recordClass.getSimpleName(),
              origin,
              record);
    } else {
      T decoded;
      try {
        decoded = codec.decode(value);
      } catch (AvroDecodingException e) {
        emit(failure(e.getMessage(), origin, record), out);
        return;
      }
      element = mapper.onRecord(decoded, origin, record.key(), value);
    }
    emit(element, out);
  }

  @Override
  public TypeInformation<OUT> getProducedType() {
    return producedType;
  }

  private OUT failure(String reason, RecordOrigin origin, ConsumerRecord<byte[], byte[]> record) {
    undecodableRecords.inc();
    logFailure(reason, origin);
    return mapper.onFailure(reason, origin, record.key(), record.value());
  }

  /** Logs the first failure at once and later ones as a count at most once per interval. */
  private void logFailure(String reason, RecordOrigin origin) {
    failuresSinceLastLog++;
    long now = System.nanoTime();
    if (!failureLogged || now - lastFailureLogNanos >= FAILURE_LOG_INTERVAL_NANOS) {
      LOG.warn(
          "{} undecodable record(s) passed to onFailure since the last report; latest at {}: {}",
          failuresSinceLastLog,
          origin,
          reason);
      failuresSinceLastLog = 0;
      lastFailureLogNanos = now;
      failureLogged = true;
    } else if (LOG.isDebugEnabled()) {
      LOG.debug("Undecodable record at {}: {}", origin, reason);
    }
  }

  private static <OUT> void emit(OUT element, Collector<OUT> out) {
    if (element != null) {
      out.collect(element);
    }
  }
}
