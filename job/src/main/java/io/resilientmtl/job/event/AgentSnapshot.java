package io.resilientmtl.job.event;

/**
 * State of one agent after the combine step of one round, as published on the agent-models topic.
 * Neighbour details are parallel arrays, the agent itself first, then its in-neighbours by id.
 */
public class AgentSnapshot {

  public String agentId;

  public long round;

  /** End of the round in milliseconds since the Unix epoch. */
  public long timestamp;

  public String rule;

  public double[] parameters;

  public int batchSize;

  /** Prequential mean training loss of the model entering the round; NaN for an empty batch. */
  public double localLoss = Double.NaN;

  /** Prequential mean absolute error; NaN for an empty batch or a model without predictions. */
  public double absoluteError = Double.NaN;

  /** Prequential share of correctly classified samples; NaN for an empty batch or a regressor. */
  public double accuracy = Double.NaN;

  public int accepted;

  public int filtered;

  public int missing;

  public int rejected;

  /** Updates that arrived after their round was combined, since the agent started. */
  public long lateUpdates;

  /** Repeated updates of one sender for one round, since the agent started. */
  public long duplicateUpdates;

  public String[] neighbourIds;

  /** Names of {@link io.resilientmtl.learning.combine.NeighbourStatus} values. */
  public String[] statuses;

  public double[] weights;

  /** Accumulated score per neighbour; NaN for rules that keep none. */
  public double[] scores;

  /** Rejection reason per neighbour; {@code null} entries where none. */
  public String[] reasons;

  public AgentSnapshot() {}
}
