package io.resilientmtl.learning.optim;

import dev.ludovic.netlib.blas.BLAS;

/** Plain gradient descent with a constant step size μ: w ← w − μ·g. It keeps no state. */
public final class Sgd implements Optimizer {

  private static final BLAS blas = BLAS.getInstance();

  private final double stepSize;

  /**
   * Creates the optimizer.
   *
   * @param stepSize μ, finite and > 0
   * @throws IllegalArgumentException if μ is not finite or not positive
   */
  public Sgd(double stepSize) {
    if (!(stepSize > 0.0) || !Double.isFinite(stepSize)) {
      throw new IllegalArgumentException(
          "Step size mu must be finite and > 0, got " + stepSize + "; use a value such as 0.01");
    }
    this.stepSize = stepSize;
  }

  /** Returns μ. */
  public double stepSize() {
    return stepSize;
  }

  /** Returns 0: plain gradient descent keeps no state. */
  @Override
  public int stateSize(int dimension) {
    OptimizerChecks.checkDimension(dimension);
    return 0;
  }

  /**
   * Updates {@code parameters} in place to w − μ·g; {@code gradient} is not modified.
   *
   * @param state an empty array
   * @throws IllegalArgumentException if the gradient differs in length from the parameters, or the
   *     state is not empty
   */
  @Override
  public void step(double[] parameters, double[] gradient, double[] state) {
    OptimizerChecks.checkStep(this, parameters, gradient, state);
    blas.daxpy(parameters.length, -stepSize, gradient, 1, parameters, 1);
  }

  @Override
  public String toString() {
    return "Sgd{stepSize=" + stepSize + '}';
  }
}
