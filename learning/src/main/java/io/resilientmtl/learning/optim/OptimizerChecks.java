package io.resilientmtl.learning.optim;

/** Argument checks shared by the optimizer implementations. */
final class OptimizerChecks {

  private OptimizerChecks() {}

  static void checkDimension(int dimension) {
    if (dimension < 0) {
      throw new IllegalArgumentException(
          "Dimension must be >= 0, got " + dimension + "; pass the parameter vector length");
    }
  }

  /** Throws unless {@code gradient} and {@code state} fit {@code parameters}. */
  static void checkStep(
      Optimizer optimizer, double[] parameters, double[] gradient, double[] state) {
    if (parameters.length != gradient.length) {
      throw new IllegalArgumentException(
          "Gradient has length "
              + gradient.length
              + ", expected the parameter length "
              + parameters.length);
    }
    int expected = optimizer.stateSize(parameters.length);
    if (state.length != expected) {
      throw new IllegalArgumentException(
          "Optimizer state has length "
              + state.length
              + ", expected "
              + expected
              + " for "
              + optimizer
              + " and "
              + parameters.length
              + " parameters; allocate new double[optimizer.stateSize(dimension)] per agent");
    }
  }
}
