package io.resilientmtl.job.event;

/** A record the job could not decode or had to reject, with the reason and its Kafka origin. */
public class DeadLetterEvent {

  public String reason;

  /** Source topic, or {@code null} when the record did not come from Kafka directly. */
  public String topic;

  public int partition = -1;

  public long offset = -1;

  /** Agent the record concerns, when known. */
  public String agentId;

  public byte[] key;

  public byte[] value;

  /** When the record was dead-lettered, in milliseconds since the Unix epoch. */
  public long timestamp;

  public DeadLetterEvent() {}

  public DeadLetterEvent(
      String reason, String topic, int partition, long offset, String agentId, long timestamp) {
    this.reason = reason;
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.agentId = agentId;
    this.timestamp = timestamp;
  }
}
