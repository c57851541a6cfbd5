package io.resilientmtl.job.attack;

/**
 * Publishes the honest mean ({@link AttackContext#honestMean()}) times a fixed factor c; it uses no
 * randomness. A negative factor flips and stretches the model; {@link SignFlipAttack} is the factor
 * −1.
 *
 * @param factor the factor c, finite
 */
public record ScalingAttack(double factor) implements Attack {

  /**
   * Creates the attack.
   *
   * @throws IllegalArgumentException if the factor is not finite
   */
  public ScalingAttack {
    if (!Double.isFinite(factor)) {
      throw new IllegalArgumentException("Scaling factor must be finite, got " + factor);
    }
  }

  @Override
  public double[] model(AttackContext context) {
    double[] parameters = context.honestMean();
    for (int p = 0; p < parameters.length; p++) {
      parameters[p] *= factor;
    }
    return parameters;
  }
}
