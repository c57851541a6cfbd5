package io.resilientmtl.job.attack;

import java.util.Arrays;

/** Publishes the same given parameter vector in every round; it uses no randomness. */
public final class FixedModelAttack implements Attack {

  private final double[] parameters;

  /**
   * Creates the attack; {@code parameters} is copied.
   *
   * @throws IllegalArgumentException if {@code parameters} is empty or has a non-finite value
   */
  public FixedModelAttack(double[] parameters) {
    if (parameters.length == 0) {
      throw new IllegalArgumentException("A fixed model needs at least one parameter");
    }
    for (int p = 0; p < parameters.length; p++) {
      if (!Double.isFinite(parameters[p])) {
        throw new IllegalArgumentException(
            "Parameter "
                + p
                + " of a fixed model is "
                + parameters[p]
                + ", expected a finite value");
      }
    }
    this.parameters = parameters.clone();
  }

  /** Returns a copy of the published parameters. */
  public double[] parameters() {
    return parameters.clone();
  }

  /** Returns a copy of the fixed parameters. */
  @Override
  public double[] model(AttackContext context) {
    checkDimension(context.dimension());
    return parameters.clone();
  }

  @Override
  public void checkDimension(int dimension) {
    if (dimension != parameters.length) {
      throw new IllegalArgumentException(
          "Fixed model has "
              + parameters.length
              + " parameters, but the scenario's model has dimension "
              + dimension);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FixedModelAttack that && Arrays.equals(parameters, that.parameters);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(parameters);
  }

  @Override
  public String toString() {
    return "FixedModelAttack" + Arrays.toString(parameters);
  }
}
