package io.resilientmtl.learning.combine;

/** Outcome of one combine step for one in-neighbour. */
public enum NeighbourStatus {
  /** The agent's own model. */
  SELF,
  /** Arrived, valid, and received a positive weight. */
  ACCEPTED,
  /**
   * Arrived and valid, but received zero weight. Either the rule ignores neighbours
   * (no-cooperation), the neighbour fits worse than self (loss-based), its value was trimmed in
   * every coordinate (median, trimmed mean) or subset search removed it. Or other models have a
   * score of 0, or the agent is in its warm-up rounds and keeps its own model.
   */
  FILTERED,
  /** Did not arrive this round. */
  MISSING,
  /** Arrived but invalid: wrong dimension, or non-finite parameters or loss. */
  REJECTED
}
