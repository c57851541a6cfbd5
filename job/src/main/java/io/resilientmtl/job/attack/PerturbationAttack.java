package io.resilientmtl.job.attack;

import java.util.SplittableRandom;

/**
 * Publishes the honest mean ({@link AttackContext#honestMean()}, with its fallbacks) plus Gaussian
 * noise: parameter p is mean[p] + σ·g_p, where g_p is the p-th {@code nextGaussian()} of {@link
 * AttackContext#random()}. With σ = 0 it copies the honest mean exactly and draws nothing.
 *
 * @param sigma standard deviation σ of the noise, finite and >= 0
 */
public record PerturbationAttack(double sigma) implements Attack {

  /**
   * Creates the attack.
   *
   * @throws IllegalArgumentException unless σ is finite and >= 0
   */
  public PerturbationAttack {
    if (!(sigma >= 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException(
          "Noise standard deviation must be finite and >= 0, got " + sigma);
    }
  }

  @Override
  public double[] model(AttackContext context) {
    double[] parameters = context.honestMean();
    if (sigma == 0) {
      return parameters;
    }
    SplittableRandom random = context.random();
    for (int p = 0; p < parameters.length; p++) {
      parameters[p] += sigma * random.nextGaussian();
    }
    return parameters;
  }
}
