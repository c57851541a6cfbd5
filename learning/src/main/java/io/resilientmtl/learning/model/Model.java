package io.resilientmtl.learning.model;

import java.util.List;

/**
 * A differentiable model family over a flat parameter vector.
 *
 * <p>Implementations are stateless and thread-safe: parameters are passed in, never stored, so one
 * instance serves every agent. Losses are means over the batch; every batch must be non-empty.
 */
public interface Model {

  /**
   * Returns the kind that receivers compare before combining, such as {@code
   * linear-regression/3x1}. Two models with equal kinds have parameter vectors of the same meaning.
   */
  String kind();

  /** Returns the length of the parameter vector. */
  int dimension();

  /** Returns the mean training loss of {@code parameters} over {@code batch}. */
  double loss(double[] parameters, List<Sample> batch);

  /**
   * Computes the mean training loss and writes its gradient into {@code gradient}, which is
   * overwritten, not accumulated into.
   *
   * @return the mean training loss, as {@link #loss} would return it
   */
  double lossAndGradient(double[] parameters, List<Sample> batch, double[] gradient);

  /**
   * Returns the mean loss that a combine rule uses to weigh a neighbour's parameters on this
   * agent's batch. Defaults to the training loss; a model overrides it when a different loss ranks
   * neighbours better than the one it trains on.
   */
  default double weightingLoss(double[] parameters, List<Sample> batch) {
    return loss(parameters, batch);
  }

  /**
   * Checks that {@code sample} fits this model.
   *
   * @return {@code null} when the sample is valid, else a message saying what is wrong
   */
  String validate(Sample sample);
}
