package io.resilientmtl.job.attack;

/**
 * Publishes the negated honest mean, −{@link AttackContext#honestMean()}; it uses no randomness.
 * While no honest model is known the honest mean is the zero vector, and so is the published model.
 */
public record SignFlipAttack() implements Attack {

  @Override
  public double[] model(AttackContext context) {
    double[] parameters = context.honestMean();
    for (int p = 0; p < parameters.length; p++) {
      parameters[p] = -parameters[p];
    }
    return parameters;
  }
}
