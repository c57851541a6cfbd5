package io.resilientmtl.learning.optim;

import dev.ludovic.netlib.blas.BLAS;

/** Plain gradient descent with a constant step size μ: w ← w − μ·g. */
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

  /**
   * Updates {@code parameters} in place to w − μ·g; {@code gradient} is not modified.
   *
   * @throws IllegalArgumentException if the arrays differ in length
   */
  @Override
  public void step(double[] parameters, double[] gradient) {
    if (parameters.length != gradient.length) {
      throw new IllegalArgumentException(
          "Gradient has length "
              + gradient.length
              + ", expected the parameter length "
              + parameters.length);
    }
    blas.daxpy(parameters.length, -stepSize, gradient, 1, parameters, 1);
  }

  @Override
  public String toString() {
    return "Sgd{stepSize=" + stepSize + '}';
  }
}
