package io.resilientmtl.learning.optim;

/** One gradient step on a parameter vector. */
public interface Optimizer {

  /**
   * Updates {@code parameters} in place from {@code gradient}; {@code gradient} is not modified.
   */
  void step(double[] parameters, double[] gradient);
}
