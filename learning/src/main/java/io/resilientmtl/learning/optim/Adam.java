package io.resilientmtl.learning.optim;

import dev.ludovic.netlib.blas.BLAS;

/**
 * Adam, from D. P. Kingma and J. Ba, "Adam: A Method for Stochastic Optimization" (ICLR 2015),
 * Algorithm 1, with bias-corrected moment estimates.
 *
 * <p>Step t (counted from 1) with gradient g updates
 *
 * <pre>
 *   m ← β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²          (element-wise square)
 *   w ← w − α·m̂ / (√v̂ + ε),  where m̂ = m / (1 − β1^t) and v̂ = v / (1 − β2^t)
 * </pre>
 *
 * <p>The caller keeps the state per parameter vector, laid out as [m (d entries), v (d entries), t
 * (1 entry)] for dimension d, so {@link #stateSize} is 2d + 1. A new state is all zeros: both
 * moments 0 and no step taken.
 *
 * <p>The bias corrections use {@link StrictMath#pow}, not {@link Math#pow}, whose intrinsic may
 * round differently once the JIT compiles it. Where v̂ is near 0 the step divides by about ε, which
 * magnifies any last-bit difference, so the strict version keeps one source of such differences
 * out.
 */
public final class Adam implements Optimizer {

  /** Default β1, the decay rate of the first moment, from the paper. */
  public static final double DEFAULT_BETA1 = 0.9;

  /** Default β2, the decay rate of the second moment, from the paper. */
  public static final double DEFAULT_BETA2 = 0.999;

  /** Default ε, added to √v̂ so the step stays bounded where v̂ is 0, from the paper. */
  public static final double DEFAULT_EPSILON = 1e-8;

  private static final BLAS blas = BLAS.getInstance();

  private final double stepSize;
  private final double beta1;
  private final double beta2;
  private final double epsilon;

  /**
   * Creates the optimizer.
   *
   * @param stepSize α, finite and > 0
   * @param beta1 β1, the decay rate of the first moment, in [0, 1)
   * @param beta2 β2, the decay rate of the second moment, in [0, 1)
   * @param epsilon ε, finite and > 0
   * @throws IllegalArgumentException if a parameter is out of range; the message names it
   */
  public Adam(double stepSize, double beta1, double beta2, double epsilon) {
    if (!(stepSize > 0.0) || !Double.isFinite(stepSize)) {
      throw new IllegalArgumentException(
          "Adam step size alpha must be finite and > 0, got "
              + stepSize
              + "; use a value such as 0.001");
    }
    this.stepSize = stepSize;
    this.beta1 = checkDecayRate("beta1", beta1, DEFAULT_BETA1);
    this.beta2 = checkDecayRate("beta2", beta2, DEFAULT_BETA2);
    if (!(epsilon > 0.0) || !Double.isFinite(epsilon)) {
      throw new IllegalArgumentException(
          "Adam epsilon must be finite and > 0, got " + epsilon + "; use a value such as 1e-8");
    }
    this.epsilon = epsilon;
  }

  /**
   * Creates the optimizer with step size α and the defaults β1 = 0.9, β2 = 0.999 and ε = 1e-8.
   *
   * @throws IllegalArgumentException if α is not finite or not positive
   */
  public static Adam withStepSize(double stepSize) {
    return new Adam(stepSize, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
  }

  /** Returns α. */
  public double stepSize() {
    return stepSize;
  }

  /** Returns β1. */
  public double beta1() {
    return beta1;
  }

  /** Returns β2. */
  public double beta2() {
    return beta2;
  }

  /** Returns ε. */
  public double epsilon() {
    return epsilon;
  }

  /** Returns 2·dimension + 1: the two moment vectors and the step count. */
  @Override
  public int stateSize(int dimension) {
    OptimizerChecks.checkDimension(dimension);
    if (dimension > (Integer.MAX_VALUE - 1) / 2) {
      throw new IllegalArgumentException(
          "Adam state for dimension "
              + dimension
              + " would need more than "
              + Integer.MAX_VALUE
              + " entries; use Sgd for models this large");
    }
    return 2 * dimension + 1;
  }

  /**
   * Takes step t + 1, where t is the count stored in the last state entry. Updates {@code
   * parameters} and both moments and the count in {@code state}; {@code gradient} is not modified.
   *
   * @throws IllegalArgumentException if the gradient differs in length from the parameters, the
   *     state does not have length 2d + 1, or the stored step count is not a whole number >= 0
   */
  @Override
  public void step(double[] parameters, double[] gradient, double[] state) {
    OptimizerChecks.checkStep(this, parameters, gradient, state);
    int d = parameters.length;
    double count = state[2 * d];
    if (!(count >= 0.0) || count != Math.rint(count) || Double.isInfinite(count)) {
      throw new IllegalArgumentException(
          "Adam step count in state["
              + 2 * d
              + "] is "
              + count
              + ", expected a whole number >= 0; start each agent from a state of zeros");
    }
    double t = count + 1.0;
    state[2 * d] = t;

    // m ← β1·m + (1 − β1)·g, on the first d entries of the state.
    blas.dscal(d, beta1, state, 0, 1);
    blas.daxpy(d, 1.0 - beta1, gradient, 0, 1, state, 0, 1);

    double firstCorrection = 1.0 - StrictMath.pow(beta1, t);
    double secondCorrection = 1.0 - StrictMath.pow(beta2, t);
    for (int i = 0; i < d; i++) {
      double g = gradient[i];
      double v = beta2 * state[d + i] + (1.0 - beta2) * g * g;
      state[d + i] = v;
      double mHat = state[i] / firstCorrection;
      double vHat = v / secondCorrection;
      parameters[i] -= stepSize * mHat / (Math.sqrt(vHat) + epsilon);
    }
  }

  @Override
  public String toString() {
    return "Adam{stepSize="
        + stepSize
        + ", beta1="
        + beta1
        + ", beta2="
        + beta2
        + ", epsilon="
        + epsilon
        + '}';
  }

  private static double checkDecayRate(String name, double value, double example) {
    if (!(value >= 0.0 && value < 1.0)) {
      throw new IllegalArgumentException(
          "Adam " + name + " must be in [0, 1), got " + value + "; use a value such as " + example);
    }
    return value;
  }
}
