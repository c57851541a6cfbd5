package io.resilientmtl.job.attack;

/**
 * Publishes the honest mean ({@link AttackContext#honestMean()}) times a factor drawn afresh in
 * every round: u·c, where u is the first {@code nextDouble()} of {@link AttackContext#random()},
 * uniform in [0, 1). One factor multiplies every parameter, so with c = 0.1 the published model
 * points the way the honest mean does but is at most a tenth of its length.
 *
 * @param scale the maximum factor c, finite; the factor lies in [0, c) for c > 0
 */
public record RandomScalingAttack(double scale) implements Attack {

  /**
   * Creates the attack.
   *
   * @throws IllegalArgumentException if the scale is not finite
   */
  public RandomScalingAttack {
    if (!Double.isFinite(scale)) {
      throw new IllegalArgumentException("Maximum scaling factor must be finite, got " + scale);
    }
  }

  @Override
  public double[] model(AttackContext context) {
    double factor = context.random().nextDouble() * scale;
    double[] parameters = context.honestMean();
    for (int p = 0; p < parameters.length; p++) {
      parameters[p] *= factor;
    }
    return parameters;
  }
}
