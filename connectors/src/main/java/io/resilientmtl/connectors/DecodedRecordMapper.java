package io.resilientmtl.connectors;

import java.io.Serializable;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.metrics.MetricGroup;

/**
 * Turns each record that a Kafka source reads into the stream's element type. Every consumed record
 * reaches exactly one of the two methods: decoded values go to {@link #onRecord}, and values that
 * cannot be decoded go to {@link #onFailure}.
 *
 * <p>Flink serializes the mapper into the job graph and calls it from one thread per source
 * subtask. Keep the implementation free of heavy or non-serializable fields.
 *
 * @param <T> Avro record type of the values
 * @param <OUT> element type of the source
 */
public interface DecodedRecordMapper<T extends SpecificRecord, OUT> extends Serializable {

  /**
   * Prepares the mapper in its source subtask, before the first record. The default does nothing.
   *
   * @param metrics the source's metric group, for counters of what the mapper rejects
   */
  default void open(MetricGroup metrics) {}

  /**
   * Maps a decoded record, with its raw bytes for mappers that turn some decoded records into dead
   * letters. The default ignores the bytes and calls {@link #onRecord(SpecificRecord,
   * RecordOrigin)}.
   *
   * @param key the raw key, or {@code null} when the record has none
   * @param value the raw value that decoded to {@code record}
   * @return the element to emit, or {@code null} to emit nothing
   */
  default OUT onRecord(T record, RecordOrigin origin, byte[] key, byte[] value) {
    return onRecord(record, origin);
  }

  /**
   * Maps a decoded record.
   *
   * @return the element to emit, or {@code null} to emit nothing
   */
  OUT onRecord(T record, RecordOrigin origin);

  /**
   * Maps a record whose value could not be decoded, for example to a dead-letter element.
   *
   * @param reason why decoding failed, including the decoder's message
   * @param key the raw key, or {@code null} when the record has none
   * @param value the raw value, or {@code null} when the record has none
   * @return the element to emit, or {@code null} to emit nothing
   */
  OUT onFailure(String reason, RecordOrigin origin, byte[] key, byte[] value);
}
