package io.resilientmtl.learning.combine;

/** What one combine step did with one in-neighbour. */
public enum NeighbourStatus {
  /** The agent's own model. */
  SELF,
  /** Arrived, valid, and received a positive weight. */
  ACCEPTED,
  /** Arrived and valid, but received zero weight (for the loss-based rule: fits worse than self). */
  FILTERED,
  /** Did not arrive this round. */
  MISSING,
  /** Arrived but invalid: wrong dimension, or non-finite parameters or loss. */
  REJECTED
}
