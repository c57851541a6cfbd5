package io.resilientmtl.job.scenario;

/**
 * A scenario that provides the parameters each normal agent should learn, so that the mean-square
 * deviation (MSD) of the learned models from them can be measured.
 */
public interface HasTrueModels {

  /**
   * Returns the true parameter vector of a normal agent, as a new array.
   *
   * @throws IllegalArgumentException if {@code agentId} is not a normal agent of the scenario
   */
  double[] trueModel(String agentId);
}
