package io.resilientmtl.job.event;

/**
 * A model update psi_{l,i} inside the dataflow: published by {@code sender} for {@code round}, and
 * after the fan-out addressed to one {@code receiver} that lists the sender as in-neighbour.
 */
public class UpdateEvent {

  public String sender;

  /** The agent this copy is delivered to; {@code null} before the fan-out and on publication. */
  public String receiver;

  public long round;

  /** End of the round in milliseconds since the Unix epoch. */
  public long timestamp;

  public String modelKind;

  public double[] parameters;

  /** Kafka origin of the record, for dead letters; {@code null} for updates made in the job. */
  public String topic;

  public int partition = -1;

  public long offset = -1;

  public UpdateEvent() {}

  public UpdateEvent(
      String sender, long round, long timestamp, String modelKind, double[] parameters) {
    this.sender = sender;
    this.round = round;
    this.timestamp = timestamp;
    this.modelKind = modelKind;
    this.parameters = parameters;
  }

  /** Returns a copy addressed to {@code receiverId}; the parameter array is shared. */
  public UpdateEvent addressedTo(String receiverId) {
    UpdateEvent copy = new UpdateEvent(sender, round, timestamp, modelKind, parameters);
    copy.receiver = receiverId;
    copy.topic = topic;
    copy.partition = partition;
    copy.offset = offset;
    return copy;
  }
}
