package io.resilientmtl.job.report;

/**
 * Network-wide metrics of one round under one combine rule, averaged over the normal agents.
 *
 * <p>A value that was not measured is {@link Double#NaN}: the MSD when the scenario has no true
 * models, the errors when no agent had samples in the round.
 *
 * @param round 0-based round index
 * @param msd mean over normal agents of ‖w_k − w°_k‖² after the combine step
 * @param meanLoss mean over normal agents with samples of the prequential loss, the mean training
 *     loss of the model an agent held before learning from the round's batch
 * @param meanAbsError like {@code meanLoss}, for the mean absolute error over samples and outputs
 * @param byzantineWeight combine weight that normal agents gave to Byzantine neighbours, summed
 *     over all normal agents and divided by their number; 0 means no Byzantine influence, 1 means
 *     every agent took its whole model from Byzantine neighbours
 */
public record RoundMetrics(
    int round, double msd, double meanLoss, double meanAbsError, double byzantineWeight) {

  public RoundMetrics {
    if (round < 0) {
      throw new IllegalArgumentException("round must be >= 0, got " + round);
    }
  }

  /** Returns the value of {@code metric}. */
  public double get(Metric metric) {
    return switch (metric) {
      case MSD -> msd;
      case MEAN_LOSS -> meanLoss;
      case MEAN_ABS_ERROR -> meanAbsError;
      case BYZANTINE_WEIGHT -> byzantineWeight;
    };
  }
}
