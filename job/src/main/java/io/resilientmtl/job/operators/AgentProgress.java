package io.resilientmtl.job.operators;

/**
 * Round bookkeeping of one agent, kept in keyed state. A Flink POJO: renaming a field breaks
 * restoring from savepoints.
 */
public class AgentProgress {

  /** Marker for "no round". */
  public static final long NONE = Long.MIN_VALUE;

  /** The next round to adapt. Before the first adapt, the earliest round seen so far. */
  public long nextRound = NONE;

  /** The round whose local step is done and whose combine step is pending, or {@link #NONE}. */
  public long pendingRound = NONE;

  /** Whether the agent has adapted a round; until then earlier samples may still move its start. */
  public boolean started;

  /**
   * The first round the agent adapted, or {@link #NONE} before that. State written before this
   * field existed restores it as {@link #NONE}, and such an agent counts as past its warm-up.
   */
  public long firstRound = NONE;

  /** The latest round in which the agent had a sample, or {@link #NONE}. */
  public long lastSampleRound = NONE;

  /** Own samples in the pending round. */
  public int pendingBatchSize;

  /** Prequential mean training loss of the pending round; NaN for an empty batch. */
  public double pendingLoss = Double.NaN;

  /** Prequential mean absolute error of the pending round; NaN when not available. */
  public double pendingAbsoluteError = Double.NaN;

  /** Prequential accuracy of the pending round; NaN when not available. */
  public double pendingAccuracy = Double.NaN;

  /** Updates that arrived after their round was combined, since the agent started. */
  public long lateUpdates;

  /** Repeated updates of one sender for one round, since the agent started. */
  public long duplicateUpdates;

  public AgentProgress() {}

  /** Returns the last round whose combine step is done, or {@link #NONE}. */
  public long lastCombinedRound() {
    if (!started) {
      return NONE;
    }
    return pendingRound != NONE ? pendingRound - 1 : nextRound - 1;
  }
}
