package io.resilientmtl.job.event;

import io.resilientmtl.learning.model.Sample;

/** A decoded sensor sample inside the dataflow. A Flink POJO, so it is serialized without Kryo. */
public class SampleEvent {

  public String agentId;

  /** Event time in milliseconds since the Unix epoch. */
  public long timestamp;

  public double[] features;

  /** Regression targets; empty for classification samples. */
  public double[] targets;

  /** Class label, or {@link Sample#NO_LABEL} for regression samples. */
  public int label = Sample.NO_LABEL;

  /**
   * Kafka topic of the record, which dead letters name. {@code null} for samples made in the job.
   */
  public String topic;

  public int partition = -1;

  public long offset = -1;

  public SampleEvent() {}

  public SampleEvent(
      String agentId, long timestamp, double[] features, double[] targets, int label) {
    this.agentId = agentId;
    this.timestamp = timestamp;
    this.features = features;
    this.targets = targets;
    this.label = label;
  }

  /** Converts to the learning module's sample; the arrays are shared, not copied. */
  public Sample toSample() {
    return label == Sample.NO_LABEL
        ? Sample.regression(features, targets == null ? new double[0] : targets)
        : Sample.classification(features, label);
  }
}
