package io.resilientmtl.connectors;

/**
 * Position of a consumed Kafka record, so that a decoded value or a failure can be traced back to
 * it.
 *
 * @param topic topic the record was read from
 * @param partition partition within the topic
 * @param offset offset within the partition
 * @param timestampMillis record timestamp in milliseconds since the Unix epoch, or -1 when the
 *     record has none
 */
public record RecordOrigin(String topic, int partition, long offset, long timestampMillis) {

  @Override
  public String toString() {
    return topic + "-" + partition + "@" + offset;
  }
}
